"""Pure rules of the library that need no Gateway: queued commands after a Gateway restart, and the
merge of several Registers' lists. Run: .venv/bin/python -m unittest discover -s tests"""

import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gatewayworker_py._proto import commands_pb2, register_pb2  # noqa: E402
from gatewayworker_py.link import sort_queued  # noqa: E402
from gatewayworker_py.register_lists import RegisterLists  # noqa: E402

C = commands_pb2

BY_CONNECTION = [
    C.Command(send=C.SendCommand(connection_ids=[7], data=b"x")),
    C.Command(close=C.CloseCommand(connection_id=0)),  # connection 0 is still one
    C.Command(session=C.SessionCommand(connection_id=7, json=b"{}")),
    C.Command(bind_uid=C.BindUidCommand(connection_id=7, uid="u")),
    C.Command(join_group=C.GroupMembershipCommand(connection_id=7, group="g")),
    C.Command(broadcast=C.BroadcastCommand(exclude_connection_ids=[7])),
    C.Command(send_to_groups=C.SendToGroupsCommand(groups=["g"], exclude_connection_ids=[7])),
]
BY_NAME = [
    C.Command(broadcast=C.BroadcastCommand(data=b"x")),
    C.Command(send_to_uids=C.SendToUidsCommand(uids=["u"])),
    C.Command(send_to_groups=C.SendToGroupsCommand(groups=["g"])),
    C.Command(ungroup=C.UngroupCommand(group="g")),
]
QUERIES = [
    C.Command(request_id=3, is_online=C.IsOnlineQuery(connection_id=7)),
    C.Command(request_id=4, select=C.SelectQuery(uids=["u"])),
]


class SortQueuedTest(unittest.TestCase):
    def test_the_same_run_or_an_unknown_one_takes_everything(self) -> None:
        everything = BY_CONNECTION + BY_NAME + QUERIES
        for stamp in ("run-1", ""):
            keep, dropped, failed = sort_queued([(c, stamp) for c in everything], "run-1")
            self.assertEqual((keep, dropped, failed), (everything, 0, []))

    def test_a_new_run_gets_only_commands_by_uid_group_or_to_all(self) -> None:
        queued = [(c, "run-1") for c in BY_CONNECTION + BY_NAME + QUERIES]
        keep, dropped, failed = sort_queued(queued, "run-2")
        self.assertEqual(keep, BY_NAME)
        self.assertEqual(dropped, len(BY_CONNECTION))
        self.assertEqual(failed, [3, 4])


def info(address: str, instance: str) -> register_pb2.GatewayInfo:
    return register_pb2.GatewayInfo(address=address, instance_id=instance)


def listed(lists: RegisterLists, now: float) -> list[str]:
    return sorted(f"{g.address}@{g.instance_id}" for g in lists.current(now))


class RegisterListsTest(unittest.TestCase):
    def test_a_stale_list_expires_only_while_another_register_is_live(self) -> None:
        a, b = info("127.0.0.1:2001", "a"), info("127.0.0.1:2002", "b")
        lists = RegisterLists(grace=5.0)
        lists.update("r1", [a, b])
        lists.update("r2", [a])
        lists.down("r1", 100.0)
        self.assertEqual(listed(lists, 104.999), ["127.0.0.1:2001@a", "127.0.0.1:2002@b"])
        self.assertEqual(lists.next_expiry(100.0), 105.0)
        self.assertEqual(listed(lists, 105.0), ["127.0.0.1:2001@a"])
        lists.down("r1", 101.0)  # a second failure does not restart the grace
        self.assertEqual(listed(lists, 105.0), ["127.0.0.1:2001@a"])

        # Nobody live: every last list counts, and nothing expires.
        lists.down("r2", 110.0)
        self.assertEqual(len(listed(lists, 1000.0)), 2)
        self.assertIsNone(lists.next_expiry(1000.0))

    def test_a_live_entry_wins_over_a_stale_one_at_the_same_address(self) -> None:
        lists = RegisterLists(grace=5.0)
        lists.update("r1", [info("127.0.0.1:2002", "new")])
        lists.update("r2", [info("127.0.0.1:2002", "old")])
        lists.down("r2", 100.0)
        self.assertEqual(listed(lists, 100.0), ["127.0.0.1:2002@new"])


if __name__ == "__main__":
    unittest.main()
