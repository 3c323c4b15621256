import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import * as protobuf from 'protobufjs';
import * as descriptor from 'protobufjs/ext/descriptor';
import { PACKAGE_ROOT } from './load';

/**
 * Server reflection (grpc.reflection.v1 and v1alpha) and the standard health service
 * (grpc.health.v1) for the Register and every Gateway, so that grpcurl can list, describe and call
 * them. Reflection is served from the descriptor set that buf builds from proto/ (see
 * scripts/gen-proto.sh): real file names, real dependency lists and comments, which strict clients
 * need (descriptors re-derived by proto-loader are merged per package and break them).
 */
const DESCRIPTOR_SET = path.join(PACKAGE_ROOT, 'src', 'rpc', 'generated', 'descriptors.binpb');

interface DescriptorIndex {
  /** Raw FileDescriptorProto bytes by file name. */
  files: Map<string, Buffer>;
  dependencies: Map<string, string[]>;
  /** Fully qualified symbol (message, enum, service, method) -> file name. */
  fileOfSymbol: Map<string, string>;
}

let index: DescriptorIndex | undefined;

/** Splits a serialized FileDescriptorSet (field 1, repeated bytes) into its files, keeping their bytes. */
function splitDescriptorSet(set: Buffer): Buffer[] {
  const reader = protobuf.Reader.create(set);
  const files: Buffer[] = [];
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === 2) files.push(Buffer.from(reader.bytes()));
    else reader.skipType(tag & 7);
  }
  return files;
}

function loadIndex(): DescriptorIndex {
  if (index) return index;
  const files = new Map<string, Buffer>();
  const dependencies = new Map<string, string[]>();
  const fileOfSymbol = new Map<string, string>();
  for (const bytes of splitDescriptorSet(readFileSync(DESCRIPTOR_SET))) {
    const file = descriptor.FileDescriptorProto.decode(bytes) as unknown as FileShape;
    const name = file.name ?? '';
    files.set(name, bytes);
    dependencies.set(name, file.dependency ?? []);
    const prefix = file.package ? `${file.package}.` : '';
    const addMessages = (messages: MessageShape[] | undefined, scope: string): void => {
      for (const message of messages ?? []) {
        const full = scope + (message.name ?? '');
        fileOfSymbol.set(full, name);
        addMessages(message.nestedType, `${full}.`);
        for (const e of message.enumType ?? []) fileOfSymbol.set(`${full}.${e.name ?? ''}`, name);
      }
    };
    addMessages(file.messageType, prefix);
    for (const e of file.enumType ?? []) fileOfSymbol.set(prefix + (e.name ?? ''), name);
    for (const service of file.service ?? []) {
      const full = prefix + (service.name ?? '');
      fileOfSymbol.set(full, name);
      for (const method of service.method ?? []) fileOfSymbol.set(`${full}.${method.name ?? ''}`, name);
    }
  }
  index = { files, dependencies, fileOfSymbol };
  return index;
}

interface MessageShape {
  name?: string;
  nestedType?: MessageShape[];
  enumType?: Array<{ name?: string }>;
}
interface FileShape {
  name?: string;
  package?: string;
  dependency?: string[];
  messageType?: MessageShape[];
  enumType?: Array<{ name?: string }>;
  service?: Array<{ name?: string; method?: Array<{ name?: string }> }>;
}

/** The file and everything it imports, transitively, dependencies first. */
function withDependencies(fileName: string): Buffer[] {
  const { files, dependencies } = loadIndex();
  const ordered: Buffer[] = [];
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const dependency of dependencies.get(name) ?? []) visit(dependency);
    const bytes = files.get(name);
    if (bytes) ordered.push(bytes);
  };
  visit(fileName);
  return ordered;
}

// The reflection messages, same fields in v1 and v1alpha (grpc/reflection/v1/reflection.proto).
const reflectionTypes = protobuf.Root.fromJSON({
  nested: {
    ServerReflectionRequest: {
      oneofs: {
        message_request: {
          oneof: [
            'file_by_filename',
            'file_containing_symbol',
            'file_containing_extension',
            'all_extension_numbers_of_type',
            'list_services',
          ],
        },
      },
      fields: {
        host: { type: 'string', id: 1 },
        file_by_filename: { type: 'string', id: 3 },
        file_containing_symbol: { type: 'string', id: 4 },
        file_containing_extension: { type: 'ExtensionRequest', id: 5 },
        all_extension_numbers_of_type: { type: 'string', id: 6 },
        list_services: { type: 'string', id: 7 },
      },
    },
    ExtensionRequest: {
      fields: { containing_type: { type: 'string', id: 1 }, extension_number: { type: 'int32', id: 2 } },
    },
    ServerReflectionResponse: {
      fields: {
        valid_host: { type: 'string', id: 1 },
        original_request: { type: 'ServerReflectionRequest', id: 2 },
        file_descriptor_response: { type: 'FileDescriptorResponse', id: 4 },
        all_extension_numbers_response: { type: 'ExtensionNumberResponse', id: 5 },
        list_services_response: { type: 'ListServiceResponse', id: 6 },
        error_response: { type: 'ErrorResponse', id: 7 },
      },
    },
    FileDescriptorResponse: { fields: { file_descriptor_proto: { rule: 'repeated', type: 'bytes', id: 1 } } },
    ExtensionNumberResponse: {
      fields: {
        base_type_name: { type: 'string', id: 1 },
        extension_number: { rule: 'repeated', type: 'int32', id: 2 },
      },
    },
    ListServiceResponse: { fields: { service: { rule: 'repeated', type: 'ServiceResponse', id: 1 } } },
    ServiceResponse: { fields: { name: { type: 'string', id: 1 } } },
    ErrorResponse: {
      fields: { error_code: { type: 'int32', id: 1 }, error_message: { type: 'string', id: 2 } },
    },
  },
});
const RequestType = reflectionTypes.lookupType('ServerReflectionRequest');
const ResponseType = reflectionTypes.lookupType('ServerReflectionResponse');

interface ReflectionRequest {
  host?: string;
  file_by_filename?: string;
  file_containing_symbol?: string;
  file_containing_extension?: { containing_type?: string };
  all_extension_numbers_of_type?: string;
  list_services?: string;
}

function answer(request: ReflectionRequest, services: readonly string[]): Record<string, unknown> {
  const base = { valid_host: request.host ?? '', original_request: request };
  const notFound = (what: string): Record<string, unknown> => ({
    ...base,
    error_response: { error_code: grpc.status.NOT_FOUND, error_message: `${what} not found` },
  });
  const { fileOfSymbol, files } = loadIndex();
  if (request.list_services !== undefined) {
    return { ...base, list_services_response: { service: services.map((name) => ({ name })) } };
  }
  if (request.file_by_filename !== undefined) {
    if (!files.has(request.file_by_filename)) return notFound(`file ${request.file_by_filename}`);
    return {
      ...base,
      file_descriptor_response: { file_descriptor_proto: withDependencies(request.file_by_filename) },
    };
  }
  if (request.file_containing_symbol !== undefined) {
    const file = fileOfSymbol.get(request.file_containing_symbol.replace(/^\./, ''));
    if (!file) return notFound(`symbol ${request.file_containing_symbol}`);
    return { ...base, file_descriptor_response: { file_descriptor_proto: withDependencies(file) } };
  }
  if (request.all_extension_numbers_of_type !== undefined) {
    // No extensions are declared in these protos.
    if (!fileOfSymbol.has(request.all_extension_numbers_of_type))
      return notFound(`type ${request.all_extension_numbers_of_type}`);
    return {
      ...base,
      all_extension_numbers_response: {
        base_type_name: request.all_extension_numbers_of_type,
        extension_number: [],
      },
    };
  }
  if (request.file_containing_extension !== undefined) return notFound('extension');
  return {
    ...base,
    error_response: { error_code: grpc.status.INVALID_ARGUMENT, error_message: 'empty reflection request' },
  };
}

function reflectionService(version: 'v1' | 'v1alpha'): grpc.ServiceDefinition {
  return {
    ServerReflectionInfo: {
      path: `/grpc.reflection.${version}.ServerReflection/ServerReflectionInfo`,
      requestStream: true,
      responseStream: true,
      requestSerialize: (value: object) =>
        Buffer.from(RequestType.encode(RequestType.fromObject(value)).finish()),
      requestDeserialize: (bytes: Buffer) =>
        RequestType.toObject(RequestType.decode(bytes), { bytes: Buffer }),
      responseSerialize: (value: object) =>
        Buffer.from(ResponseType.encode(ResponseType.fromObject(value)).finish()),
      responseDeserialize: (bytes: Buffer) =>
        ResponseType.toObject(ResponseType.decode(bytes), { bytes: Buffer }),
    },
  };
}

export interface Introspection {
  /** Health status of the process and of its services: SERVING while running. */
  setServing(serving: boolean): void;
}

/**
 * Adds reflection (v1 and v1alpha) and health to a server that serves `services`
 * (fully qualified, e.g. "gatewayworker.v1.Gateway").
 */
export function addIntrospection(server: grpc.Server, services: readonly string[]): Introspection {
  const listed = [...services, 'grpc.health.v1.Health'];
  for (const version of ['v1', 'v1alpha'] as const) {
    server.addService(reflectionService(version), {
      ServerReflectionInfo: (call: grpc.ServerDuplexStream<ReflectionRequest, Record<string, unknown>>) => {
        call.on('data', (request: ReflectionRequest) => call.write(answer(request, listed)));
        call.on('end', () => call.end());
        call.on('error', () => undefined);
      },
    });
  }
  const health = new HealthImplementation();
  health.addToServer(server);
  const setServing = (serving: boolean): void => {
    const status = serving ? 'SERVING' : 'NOT_SERVING';
    health.setStatus('', status);
    for (const service of services) health.setStatus(service, status);
  };
  setServing(true);
  return { setServing };
}
