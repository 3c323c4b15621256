"""gatewayworker_py: a BusinessWorker for gatewayworker in Python (asyncio, grpc.aio).

It speaks the stream protocol of proto/README.md to the Register and the Gateways, and runs an
``Events`` subclass for the client events the Gateways route to it::

    class MyEvents(Events):
        async def on_message(self, ctx, message):
            await ctx.send(f"echo {message}")

    asyncio.run(BusinessWorker(MyEvents(), register="127.0.0.1:1236").run())

The generated stubs must exist first (setup.sh, or gen.sh).
"""

from .api import GatewayApi, Message
from .client_id import decode_client_id, encode_client_id, is_client_id
from .errors import GatewayWorkerError
from .events import Context, Events, WebSocketHandshake
from .link import LostGateway
from .worker import BusinessWorker

__all__ = [
    "BusinessWorker",
    "Context",
    "Events",
    "GatewayApi",
    "GatewayWorkerError",
    "LostGateway",
    "Message",
    "WebSocketHandshake",
    "decode_client_id",
    "encode_client_id",
    "is_client_id",
]
