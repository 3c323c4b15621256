"""The Gateway API (as in GatewayWorker's ``Gateway::`` class), over the worker's streams.

Calls on a client id go to the Gateway that owns it (decoded from the id); calls on uids, groups or
everyone go to every Gateway. Commands return once queued on the stream (fire-and-forget, as in
GatewayWorker: an offline client is skipped silently); queries return the answer or raise
GatewayWorkerError, never a silent partial result. Uids and groups are non-empty strings (an int
means its decimal string).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol

from ._proto import commands_pb2
from .client_id import decode_client_id, encode_client_id
from .errors import GatewayWorkerError
from .session import Session, parse_session, to_json

if TYPE_CHECKING:
    from .link import GatewayLink

#: A message for a client: ``str`` goes as a WebSocket text frame, bytes as a binary frame.
Message = str | bytes | bytearray | memoryview
Name = str | int

Command = commands_pb2.Command
SessionOp = commands_pb2.SessionOp


class LinkDirectory(Protocol):
    """Where the API sends things: the worker's links."""

    def link_for(self, gateway_address: str) -> GatewayLink | None:
        """The live link to that Gateway, if any."""

    def live_links(self) -> list[GatewayLink]:
        """Every link that is connected or connecting (for fan-out commands)."""

    def fan_out_links(self) -> tuple[list[GatewayLink], list[str]]:
        """The links a fan-out query asks, and the listed Gateways that have no live link."""

    def check_running(self) -> None:
        """Raises GW_ERR_STOPPED once the worker is stopped."""

    def on_session_command(
        self, link: GatewayLink, connection_id: int, op: commands_pb2.SessionOp, payload: str
    ) -> bool:
        """Handles set/update_session of a client this worker serves on that link (see dispatcher)."""


def _payload(message: object) -> tuple[bytes, bool]:
    if isinstance(message, str):
        return message.encode(), False
    if isinstance(message, (bytes, bytearray, memoryview)):
        return bytes(message), True
    raise GatewayWorkerError(
        "GW_ERR_INVALID_ARGUMENT", f"a message must be str or bytes, got {type(message).__name__}"
    )


def _name(what: str, value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value:
        return value
    raise GatewayWorkerError(
        "GW_ERR_INVALID_ARGUMENT", f"{what} must be a non-empty string or an int, got {value!r}"
    )


def _names(what: str, value: Name | Iterable[Name]) -> list[str]:
    if isinstance(value, (str, int)):
        return [_name(what, value)]
    return [_name(what, v) for v in value]


def _by_gateway(client_ids: Iterable[str]) -> dict[str, list[int]]:
    """Connection ids grouped by owning Gateway address."""
    groups: dict[str, list[int]] = {}
    for client_id in client_ids:
        address, connection_id = decode_client_id(client_id)
        groups.setdefault(address, []).append(connection_id)
    return groups


class GatewayApi:
    """The Gateway API. Every method is a coroutine: ``await`` it."""

    def __init__(self, directory: LinkDirectory) -> None:
        self._directory = directory

    # Plumbing -------------------------------------------------------------------------------------

    async def _targeted(self, client_id: str, build: Callable[[int], Command]) -> None:
        """A command for one client; a client whose Gateway has no live link is offline: a no-op."""
        address, connection_id = decode_client_id(client_id)
        self._directory.check_running()
        link = self._directory.link_for(address)
        if link is None:
            return
        link.send(build(connection_id))
        await link.when_writable()

    async def _fan_out(self, build: Callable[[GatewayLink], Command | None]) -> None:
        """A command for every live Gateway (``build`` may tailor it, or skip one with None)."""
        self._directory.check_running()
        links = self._directory.live_links()
        for link in links:
            command = build(link)
            if command is not None:
                link.send(command)
        for link in links:
            await link.when_writable()

    async def _targeted_query(
        self, client_id: str, build: Callable[[int], Command]
    ) -> commands_pb2.Reply | None:
        """A query about one client; None when its Gateway has no live link (offline)."""
        address, connection_id = decode_client_id(client_id)
        self._directory.check_running()
        link = self._directory.link_for(address)
        return None if link is None else await link.query(build(connection_id))

    async def _fan_out_query(
        self, build: Callable[[], Command]
    ) -> list[tuple[GatewayLink, commands_pb2.Reply]]:
        """A query to every listed or connected Gateway; any missing or failing one fails the call."""
        self._directory.check_running()
        links, missing = self._directory.fan_out_links()
        if missing:
            raise GatewayWorkerError(
                "GW_ERR_GATEWAY_UNAVAILABLE", f"gateway(s) {', '.join(missing)} listed but not connected"
            )
        replies = await asyncio.gather(*(link.query(build()) for link in links))
        return list(zip(links, replies, strict=True))

    async def _select(
        self,
        groups: Iterable[str] = (),
        uids: Iterable[str] = (),
        with_uid: bool = False,
        with_session: bool = False,
    ) -> list[tuple[str, commands_pb2.ClientRow]]:
        """``(client_id, row)`` of every client in any of the groups or bound to any of the uids (no
        criteria: every client), on every Gateway."""

        def build() -> Command:
            query = commands_pb2.SelectQuery(
                groups=groups, uids=uids, with_uid=with_uid, with_session=with_session
            )
            return Command(select=query)

        answers = await self._fan_out_query(build)
        return [
            (encode_client_id(link.address, row.connection_id), row)
            for link, reply in answers
            for row in reply.clients.rows
        ]

    async def _session_command(self, client_id: str, op: commands_pb2.SessionOp, session: Session) -> None:
        if not isinstance(session, dict):
            raise GatewayWorkerError("GW_ERR_INVALID_ARGUMENT", "a session must be a dict")
        try:
            payload = to_json(session)
        except (TypeError, ValueError) as err:
            raise GatewayWorkerError(
                "GW_ERR_INVALID_ARGUMENT", f"session cannot be encoded as JSON: {err}"
            ) from None
        address, connection_id = decode_client_id(client_id)
        self._directory.check_running()
        link = self._directory.link_for(address)
        if link is None:
            return
        if not self._directory.on_session_command(link, connection_id, op, payload):
            session_command = commands_pb2.SessionCommand(
                connection_id=connection_id, op=op, json=payload.encode()
            )
            link.send(Command(session=session_command))
        await link.when_writable()

    # Sending --------------------------------------------------------------------------------------

    async def send_to_client(self, client_id: str, message: Message) -> None:
        """Sends a message to one client."""
        data, binary = _payload(message)
        await self._targeted(
            client_id,
            lambda cid: Command(
                send=commands_pb2.SendCommand(connection_ids=[cid], data=data, binary=binary)
            ),
        )

    async def send_to_all(
        self, message: Message, client_ids: Iterable[str] | None = None, exclude: Iterable[str] = ()
    ) -> None:
        """Sends to every client (or only to ``client_ids``), except ``exclude``."""
        data, binary = _payload(message)
        excluded = _by_gateway(exclude)
        listed = _by_gateway(client_ids) if client_ids is not None else None

        def build(link: GatewayLink) -> Command | None:
            skip = excluded.get(link.address, [])
            if listed is None:
                return Command(
                    broadcast=commands_pb2.BroadcastCommand(
                        data=data, binary=binary, exclude_connection_ids=skip
                    )
                )
            ids = [cid for cid in listed.get(link.address, []) if cid not in skip]
            return (
                Command(send=commands_pb2.SendCommand(connection_ids=ids, data=data, binary=binary))
                if ids
                else None
            )

        await self._fan_out(build)

    async def send_to_uid(self, uid: Name | Iterable[Name], message: Message) -> None:
        """Sends to every client bound to the uid(s), each client once."""
        uids = _names("uid", uid)
        data, binary = _payload(message)
        await self._fan_out(
            lambda _link: Command(
                send_to_uids=commands_pb2.SendToUidsCommand(uids=uids, data=data, binary=binary)
            )
        )

    async def send_to_group(
        self, group: Name | Iterable[Name], message: Message, exclude: Iterable[str] = ()
    ) -> None:
        """Sends to every member of the group(s), each client once, except ``exclude``."""
        groups = _names("group", group)
        data, binary = _payload(message)
        excluded = _by_gateway(exclude)
        await self._fan_out(
            lambda link: Command(
                send_to_groups=commands_pb2.SendToGroupsCommand(
                    groups=groups,
                    data=data,
                    binary=binary,
                    exclude_connection_ids=excluded.get(link.address, []),
                )
            )
        )

    async def close_client(self, client_id: str, message: Message | None = None) -> None:
        """Sends ``message`` (if given), then closes the client (its on_close gets 'kicked')."""
        data, binary = _payload(message) if message is not None else (b"", False)
        await self._targeted(
            client_id,
            lambda cid: Command(
                close=commands_pb2.CloseCommand(
                    connection_id=cid, has_message=message is not None, data=data, binary=binary
                )
            ),
        )

    async def destroy_client(self, client_id: str) -> None:
        """Closes the client at once, discarding unsent data."""
        await self._targeted(
            client_id, lambda cid: Command(close=commands_pb2.CloseCommand(connection_id=cid, destroy=True))
        )

    # Uids and groups ------------------------------------------------------------------------------

    async def bind_uid(self, client_id: str, uid: Name) -> None:
        """Binds the client to a uid (a client has one uid at most: binding another moves it)."""
        name = _name("uid", uid)
        await self._targeted(
            client_id, lambda cid: Command(bind_uid=commands_pb2.BindUidCommand(connection_id=cid, uid=name))
        )

    async def unbind_uid(self, client_id: str, uid: Name | None = None) -> None:
        """Unbinds the client's uid; with ``uid``, only if it is bound to that one."""
        name = "" if uid is None else _name("uid", uid)
        await self._targeted(
            client_id,
            lambda cid: Command(unbind_uid=commands_pb2.UnbindUidCommand(connection_id=cid, uid=name)),
        )

    async def join_group(self, client_id: str, group: Name) -> None:
        """Adds the client to a group."""
        name = _name("group", group)
        await self._targeted(
            client_id,
            lambda cid: Command(
                join_group=commands_pb2.GroupMembershipCommand(connection_id=cid, group=name)
            ),
        )

    async def leave_group(self, client_id: str, group: Name) -> None:
        """Removes the client from a group."""
        name = _name("group", group)
        await self._targeted(
            client_id,
            lambda cid: Command(
                leave_group=commands_pb2.GroupMembershipCommand(connection_id=cid, group=name)
            ),
        )

    async def ungroup(self, group: Name) -> None:
        """Empties a group; its members stay connected."""
        name = _name("group", group)
        await self._fan_out(lambda _link: Command(ungroup=commands_pb2.UngroupCommand(group=name)))

    # Sessions -------------------------------------------------------------------------------------

    async def set_session(self, client_id: str, session: Session) -> None:
        """Replaces the client's session."""
        await self._session_command(client_id, SessionOp.SESSION_OP_REPLACE, session)

    async def update_session(self, client_id: str, changes: Session) -> None:
        """Deep-merges ``changes`` into the client's session (dicts key by key; anything else replaces)."""
        await self._session_command(client_id, SessionOp.SESSION_OP_MERGE, changes)

    async def get_session(self, client_id: str) -> Session | None:
        """The client's session, or None when the client is not online."""
        reply = await self._targeted_query(
            client_id, lambda cid: Command(get_session=commands_pb2.GetSessionQuery(connection_id=cid))
        )
        return parse_session(reply.session) if reply is not None and reply.session else None

    async def get_all_client_sessions(self, group: Name | None = None) -> dict[str, Session]:
        """The sessions of every client, or of the members of ``group``, by client id."""
        groups = [] if group is None or group == "" else [_name("group", group)]
        rows = await self._select(groups=groups, with_session=True)
        return {client_id: parse_session(row.session) if row.session else {} for client_id, row in rows}

    async def get_client_sessions_by_group(self, group: Name) -> dict[str, Session]:
        """The sessions of a group's members, by client id."""
        return await self.get_all_client_sessions(_name("group", group))

    # Queries --------------------------------------------------------------------------------------

    async def is_online(self, client_id: str) -> bool:
        """Whether the client is connected."""
        reply = await self._targeted_query(
            client_id, lambda cid: Command(is_online=commands_pb2.IsOnlineQuery(connection_id=cid))
        )
        return reply is not None and reply.online

    async def is_uid_online(self, uid: Name) -> bool:
        """Whether any client is bound to the uid."""
        return len(await self._select(uids=[_name("uid", uid)])) > 0

    async def get_client_id_by_uid(self, uid: Name) -> list[str]:
        """The clients bound to the uid."""
        return [client_id for client_id, _ in await self._select(uids=[_name("uid", uid)])]

    async def get_uid_by_client_id(self, client_id: str) -> str | None:
        """The client's uid, or None."""
        reply = await self._targeted_query(
            client_id,
            lambda cid: Command(select=commands_pb2.SelectQuery(connection_ids=[cid], with_uid=True)),
        )
        rows = reply.clients.rows if reply is not None else []
        return rows[0].uid if rows and rows[0].uid else None

    async def get_all_client_count(self) -> int:
        """How many clients are connected."""
        answers = await self._fan_out_query(lambda: Command(client_count=commands_pb2.ClientCountQuery()))
        return sum(reply.count for _, reply in answers)

    async def get_all_client_id_list(self) -> list[str]:
        """Every connected client."""
        return [client_id for client_id, _ in await self._select()]

    async def get_client_count_by_group(self, group: Name | None = None) -> int:
        """How many members the group has (no group: every client)."""
        groups = [] if group is None or group == "" else [_name("group", group)]
        answers = await self._fan_out_query(
            lambda: Command(client_count=commands_pb2.ClientCountQuery(groups=groups))
        )
        return sum(reply.count for _, reply in answers)

    async def get_client_id_list_by_group(self, group: Name | Iterable[Name]) -> list[str]:
        """The members of the group(s), each once."""
        groups = _names("group", group)
        return [client_id for client_id, _ in await self._select(groups=groups)] if groups else []

    async def get_uid_list_by_group(self, group: Name | Iterable[Name]) -> list[str]:
        """The distinct uids bound among the members of the group(s)."""
        groups = _names("group", group)
        if not groups:
            return []
        rows = await self._select(groups=groups, with_uid=True)
        return list(dict.fromkeys(row.uid for _, row in rows if row.uid))

    async def get_all_uid_list(self) -> list[str]:
        """Every bound uid."""
        rows = await self._select(with_uid=True)
        return list(dict.fromkeys(row.uid for _, row in rows if row.uid))

    async def get_all_group_id_list(self) -> list[str]:
        """Every non-empty group."""
        answers = await self._fan_out_query(lambda: Command(group_list=commands_pb2.GroupListQuery()))
        return list(dict.fromkeys(name for _, reply in answers for name in reply.names.names))


__all__ = ["GatewayApi", "LinkDirectory", "Message", "Name"]
