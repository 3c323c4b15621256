"""The polyglot test app in Python (examples/polyglot/README.md; events.ts is the reference).

    .venv/bin/python app.py --register 127.0.0.1:1236 --index 0

The mesh's secret key, if the cluster has one, comes from the GATEWAYWORKER_SECRET_KEY environment
variable (not an argument, which other users of the machine could read in the process list).

Prints a line with READY once it is attached to a Gateway; logs go to stderr. SIGTERM or SIGINT stops
it gracefully (drain, finish the events received, flush, end the streams).
"""

import argparse
import asyncio
import json
import logging
import os
import sys

from gatewayworker_py import BusinessWorker, Context, Events

LANGUAGE = "python"


class PolyglotEvents(Events):
    """One command per WebSocket text message; replies are text frames."""

    async def on_connect(self, ctx: Context) -> None:
        await ctx.send(f"hello {ctx.client_id}")

    async def on_message(self, ctx: Context, message: str | bytes) -> None:
        if isinstance(message, bytes):
            await ctx.send(message)
            return
        parts = message.split(" ")
        command = parts[0]
        arg = parts[1] if len(parts) > 1 else ""
        text = " ".join(parts[2:])
        gateway, client_id = ctx.gateway, ctx.client_id
        if command == "whoami":
            await ctx.send(f"{client_id} {LANGUAGE}")
        elif command == "count":
            ctx.session["count"] = (ctx.session.get("count") or 0) + 1
            await ctx.send(f"count {ctx.session['count']}")
        elif command == "session":
            await ctx.send(f"session {json.dumps(ctx.session, separators=(',', ':'), ensure_ascii=False)}")
        elif command == "set":
            ctx.session[arg] = text
            await ctx.send("ok")
        elif command == "bind":
            await gateway.bind_uid(client_id, arg)
            await ctx.send("ok")
        elif command == "join":
            await gateway.join_group(client_id, arg)
            await ctx.send("ok")
        elif command == "leave":
            await gateway.leave_group(client_id, arg)
            await ctx.send("ok")
        elif command == "to-client":
            await gateway.send_to_client(arg, text)
            await ctx.send("ok")
        elif command == "to-uid":
            await gateway.send_to_uid(arg, text)
        elif command == "to-group":
            await gateway.send_to_group(arg, text)
        elif command == "members":
            members = sorted(await gateway.get_client_id_list_by_group(arg))
            await ctx.send(f"members {' '.join(members)}")
        elif command == "online":
            await ctx.send(f"online {'true' if await gateway.is_uid_online(arg) else 'false'}")
        else:
            await ctx.send(f"echo {message}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--register", action="append", help="Register address host:port (repeatable)")
    parser.add_argument("--index", type=int, default=0, help="this worker's index in its group")
    parser.add_argument("--name", default="PolyglotPython", help="the worker group's name")
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args()

    logging.basicConfig(
        stream=sys.stderr,
        level=args.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    worker = BusinessWorker(
        PolyglotEvents(),
        register=args.register or ["127.0.0.1:1236"],
        name=args.name,
        index=args.index,
        secret_key=os.environ.get("GATEWAYWORKER_SECRET_KEY", ""),
    )

    def ready(w: BusinessWorker) -> None:
        attached = ", ".join(w.attached_gateways()) or "none yet"
        print(
            f"READY {w.name}:{w.index} following {', '.join(w.registers)}; attached to {attached}", flush=True
        )

    asyncio.run(worker.run(on_ready=ready))


if __name__ == "__main__":
    main()
