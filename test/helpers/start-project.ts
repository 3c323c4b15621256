/**
 * README's "Start a project" section, read through its markers, so that the package test does
 * exactly what the README tells a new user and the two cannot drift apart:
 *
 *   <!-- start-project:install -->              a sh block: the npm install lines
 *   <!-- start-project:file <path> [esm|cjs] --> a file to write (for one kind of project, or both)
 *   <!-- start-project:run -->                  a sh block: the commands, run in order
 */
export type ProjectKind = 'esm' | 'cjs';

export interface StartProjectGuide {
  install: string[];
  files: Array<{ path: string; kind?: ProjectKind; text: string }>;
  run: string[];
}

const BLOCK = /<!-- start-project:(install|file|run)(?: (\S+))?(?: (esm|cjs))? -->\n```\w*\n([\s\S]*?)```/g;

/** The command lines of a sh block, without comments and blank lines. */
function commandLines(block: string): string[] {
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

export function readStartProjectGuide(readme: string): StartProjectGuide {
  const guide: StartProjectGuide = { install: [], files: [], run: [] };
  for (const [, what, filePath, kind, text = ''] of readme.matchAll(BLOCK)) {
    if (what === 'install') guide.install.push(...commandLines(text));
    else if (what === 'run') guide.run.push(...commandLines(text));
    else if (filePath) guide.files.push({ path: filePath, kind: kind as ProjectKind | undefined, text });
  }
  if (guide.install.length === 0 || guide.run.length === 0 || guide.files.length === 0)
    throw new Error('README.md has no complete "Start a project" section (start-project markers)');
  return guide;
}

/** The files of one kind of project: those for both kinds, and those for this kind. */
export function projectFiles(guide: StartProjectGuide, kind: ProjectKind): Map<string, string> {
  const files = new Map<string, string>();
  for (const file of guide.files) if (!file.kind || file.kind === kind) files.set(file.path, file.text);
  return files;
}
