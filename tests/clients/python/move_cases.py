#!/usr/bin/env python3
"""Message move task cases (StartMessageMoveTask, ListMessageMoveTasks, CancelMessageMoveTask) for a running gateway.

Same command line, environment and rules as sqs_cases.py, and the same helpers (sqs_support.py). A current boto3 speaks JSON
and has the three operations. Debian's boto3 (botocore 1.29) speaks Query but predates them (added in botocore
1.31): for it, the three calls are Query requests signed by that botocore's own SigV4 signer and sent through its
own HTTP session, and their XML is read as the Query model of the operations has it; every other call is boto3's.
"""

import base64
import json
import sys
import time
import uuid
import xml.etree.ElementTree as ElementTree

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.exceptions import ClientError

from sqs_support import (ACCOUNT, REGION, RESPONSES_CHECKED, check, counts, create,
                       eq, expect_error, main, receive, system_names)

NAMESPACE = "{http://queue.amazonaws.com/doc/2012-11-05/}"
LONG_MEMBERS = {"ApproximateNumberOfMessagesMoved", "ApproximateNumberOfMessagesToMove", "StartedTimestamp",
                "MaxNumberOfMessagesPerSecond"}


class QueryMoveTasks:
    """The three operations as Query calls, for a botocore whose model lacks them."""

    def __init__(self, client):
        self.client = client

    def start_message_move_task(self, **params):
        return self._call("StartMessageMoveTask", params)

    def list_message_move_tasks(self, **params):
        return self._call("ListMessageMoveTasks", params)

    def cancel_message_move_task(self, **params):
        return self._call("CancelMessageMoveTask", params)

    def _call(self, action, params):
        form = {"Action": action, "Version": "2012-11-05", **{k: str(v) for k, v in params.items()}}
        request = AWSRequest(method="POST", url=self.client.meta.endpoint_url + "/", data=form,
                             headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        credentials = self.client._request_signer._credentials
        SigV4Auth(credentials, "sqs", self.client.meta.region_name).add_auth(request)
        response = self.client._endpoint.http_session.send(request.prepare())
        check(response.headers.get("x-amzn-RequestId"), f"{action}: HTTP {response.status_code} without x-amzn-RequestId")
        RESPONSES_CHECKED[0] += 1
        root = ElementTree.fromstring(response.content)
        if response.status_code != 200:
            error = root.find(f"{NAMESPACE}Error")
            raise ClientError({"Error": {"Code": error.findtext(f"{NAMESPACE}Code"), "Message": error.findtext(f"{NAMESPACE}Message")},
                               "ResponseMetadata": {"HTTPStatusCode": response.status_code}}, action)
        result = root.find(f"{NAMESPACE}{action}Result")
        check(result is not None, f"{action}: no <{action}Result> element")
        if action == "ListMessageMoveTasks":
            # The Query model's list is flattened: one <ListMessageMoveTasksResultEntry> per task, no wrapper.
            return {"Results": [self._members(e) for e in result.findall(f"{NAMESPACE}ListMessageMoveTasksResultEntry")]}
        return self._members(result)

    @staticmethod
    def _members(element):
        members = {}
        for child in element:
            name = child.tag[len(NAMESPACE):]
            members[name] = int(child.text) if name in LONG_MEMBERS else child.text
        return members


def moves(client):
    return client if hasattr(client, "start_message_move_task") else QueryMoveTasks(client)


def arn(name):
    return f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"


def dead_letter_queue(c, tag, *sources):
    """A queue made the dead-letter queue (maxReceiveCount 1) of each of the given source queue URLs."""
    name, url = create(c, tag)
    for source in sources:
        c.set_queue_attributes(QueueUrl=source, Attributes={
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": arn(name), "maxReceiveCount": "1"})})
    return name, url


def dead_letter(c, source_url, count, tag):
    """Sends count messages to the source and drives each into its dead-letter queue (two receives over maxReceiveCount 1)."""
    bodies = [f"{tag}-{i}" for i in range(count)]
    for body in bodies:
        c.send_message(QueueUrl=source_url, MessageBody=body)
    seen = 0
    while seen < count:
        seen += len(receive(c, source_url, MaxNumberOfMessages=10, VisibilityTimeout=0))
    eq(receive(c, source_url, MaxNumberOfMessages=10, VisibilityTimeout=0), [], "receives over maxReceiveCount deliver nothing")
    return bodies


def drain(c, url, expected):
    messages = []
    deadline = time.time() + 20
    while len(messages) < expected and time.time() < deadline:
        messages += receive(c, url, MaxNumberOfMessages=10, VisibilityTimeout=60, WaitTimeSeconds=1,
                            **system_names(c, ["All"]))
    eq(receive(c, url, MaxNumberOfMessages=10, VisibilityTimeout=60), [], "nothing more in the queue")
    return messages


def wait_for(m, source_arn, statuses, seconds=30):
    deadline = time.time() + seconds
    while True:
        entry = m.list_message_move_tasks(SourceArn=source_arn)["Results"][0]
        if entry["Status"] in statuses or time.time() > deadline:
            check(entry["Status"] in statuses, f"task status {entry['Status']} after {seconds} s, expected one of {statuses}")
            return entry
        time.sleep(0.2)


def with_sources(c, tag):
    source_name, source_url = create(c, f"{tag}-src", Attributes={"VisibilityTimeout": "0"})
    dlq_name, dlq_url = dead_letter_queue(c, f"{tag}-dlq", source_url)
    return source_name, source_url, dlq_name, dlq_url


CASES = {}


def case(function):
    CASES[function.__name__] = function
    return function


@case
def move_task_to_destination(c):
    m = moves(c)
    _, source_url, dlq_name, dlq_url = with_sources(c, "mv")
    dest_name, dest_url = create(c, "mv-dest")
    bodies = dead_letter(c, source_url, 4, "to-dest")
    eq(counts(c, dlq_url)[0], 4, "messages in the dead-letter queue")
    started_ms = int(time.time() * 1000)
    handle = m.start_message_move_task(SourceArn=arn(dlq_name), DestinationArn=arn(dest_name))["TaskHandle"]
    check(isinstance(handle, str) and len(handle) > 0, f"TaskHandle {handle!r}")
    entry = wait_for(m, arn(dlq_name), {"COMPLETED"})
    eq(entry.get("SourceArn"), arn(dlq_name), "SourceArn")
    eq(entry.get("DestinationArn"), arn(dest_name), "DestinationArn (given)")
    check("MaxNumberOfMessagesPerSecond" not in entry, f"MaxNumberOfMessagesPerSecond was not given: {entry}")
    check("TaskHandle" not in entry, f"TaskHandle only while RUNNING: {entry}")
    check("FailureReason" not in entry, f"FailureReason only when FAILED: {entry}")
    eq(entry["ApproximateNumberOfMessagesMoved"], 4, "ApproximateNumberOfMessagesMoved")
    eq(entry["ApproximateNumberOfMessagesToMove"], 4, "ApproximateNumberOfMessagesToMove")
    check(abs(entry["StartedTimestamp"] - started_ms) < 60_000, f"StartedTimestamp {entry['StartedTimestamp']} (ms) not near {started_ms}")
    moved = drain(c, dest_url, 4)
    eq(sorted(msg["Body"] for msg in moved), sorted(bodies), "bodies in the destination")
    for message in moved:
        check("DeadLetterQueueSourceArn" not in message.get("Attributes", {}), "a moved message is a new message")
        eq(message["Attributes"]["ApproximateReceiveCount"], "1", "a new message's first receive")
    eq(counts(c, dlq_url), (0, 0, 0), "the dead-letter queue is empty")


@case
def move_task_default_destination_two_sources(c):
    m = moves(c)
    a_name, a_url = create(c, "mv-a", Attributes={"VisibilityTimeout": "0"})
    b_name, b_url = create(c, "mv-b", Attributes={"VisibilityTimeout": "0"})
    dlq_name, dlq_url = dead_letter_queue(c, "mv-ab-dlq", a_url, b_url)
    from_a = dead_letter(c, a_url, 2, "from-a")
    from_b = dead_letter(c, b_url, 2, "from-b")
    ids_in_dlq = {msg["MessageId"] for msg in receive(c, dlq_url, MaxNumberOfMessages=10, VisibilityTimeout=0)}
    m.start_message_move_task(SourceArn=arn(dlq_name))
    entry = wait_for(m, arn(dlq_name), {"COMPLETED"})
    check("DestinationArn" not in entry, f"DestinationArn was not given: {entry}")
    eq(entry["ApproximateNumberOfMessagesMoved"], 4, "moved")
    back_a = drain(c, a_url, 2)
    back_b = drain(c, b_url, 2)
    eq(sorted(msg["Body"] for msg in back_a), sorted(from_a), "messages back in their own source a")
    eq(sorted(msg["Body"] for msg in back_b), sorted(from_b), "messages back in their own source b")
    check(not ids_in_dlq & {msg["MessageId"] for msg in back_a + back_b}, "moved messages get new MessageIds")


@case
def move_task_rate(c):
    m = moves(c)
    _, source_url, dlq_name, dlq_url = with_sources(c, "mv-rate")
    dest_name, dest_url = create(c, "mv-rate-dest")
    bodies = dead_letter(c, source_url, 4, "rate")
    started = time.monotonic()
    m.start_message_move_task(SourceArn=arn(dlq_name), DestinationArn=arn(dest_name), MaxNumberOfMessagesPerSecond=1)
    entry = wait_for(m, arn(dlq_name), {"COMPLETED"})
    elapsed = time.monotonic() - started
    check(elapsed >= 3, f"4 messages at 1 per second took {elapsed:.2f} s, expected at least 3 s")
    eq(entry["MaxNumberOfMessagesPerSecond"], 1, "MaxNumberOfMessagesPerSecond (given)")
    moved = drain(c, dest_url, 4)
    # One message a second, so each is sent to the destination about a second after the one before: oldest moves first.
    eq([m["Body"] for m in sorted(moved, key=lambda m: int(m["Attributes"]["SentTimestamp"]))], bodies, "moved oldest first")


@case
def move_task_cancel(c):
    m = moves(c)
    _, source_url, dlq_name, dlq_url = with_sources(c, "mv-cancel")
    dest_name, dest_url = create(c, "mv-cancel-dest")
    dead_letter(c, source_url, 10, "cancel")
    handle = m.start_message_move_task(SourceArn=arn(dlq_name), DestinationArn=arn(dest_name), MaxNumberOfMessagesPerSecond=1)["TaskHandle"]
    running = m.list_message_move_tasks(SourceArn=arn(dlq_name))["Results"][0]
    eq(running["Status"], "RUNNING", "status while running")
    eq(running.get("TaskHandle"), handle, "TaskHandle while RUNNING")
    time.sleep(1.5)
    moved_at_cancel = m.cancel_message_move_task(TaskHandle=handle)["ApproximateNumberOfMessagesMoved"]
    check(isinstance(moved_at_cancel, int) and 0 <= moved_at_cancel < 10, f"ApproximateNumberOfMessagesMoved {moved_at_cancel!r}")
    entry = wait_for(m, arn(dlq_name), {"CANCELLED"})
    check(moved_at_cancel <= entry["ApproximateNumberOfMessagesMoved"] < 10, f"moved after cancel: {entry}")
    moved = drain(c, dest_url, entry["ApproximateNumberOfMessagesMoved"])
    left = drain(c, dlq_url, 10 - len(moved))
    eq(len(moved) + len(left), 10, "every message is in one queue or the other")
    expect_error(m.cancel_message_move_task, "InvalidParameterValue", 400, TaskHandle=handle)


@case
def move_task_errors(c):
    m = moves(c)
    _, source_url, dlq_name, _ = with_sources(c, "mv-err")
    plain_name, _ = create(c, "mv-err-plain")
    expect_error(m.start_message_move_task, "InvalidParameterValue", 400,
                 message="Source queue must be configured as a Dead Letter Queue.", SourceArn=arn(plain_name))
    expect_error(m.start_message_move_task, "ResourceNotFoundException", 404,
                 message="The resource that you specified for the DestinationArn parameter doesn't exist.",
                 SourceArn=arn(dlq_name), DestinationArn=arn(f"missing-{uuid.uuid4().hex[:8]}"))
    expect_error(m.start_message_move_task, "ResourceNotFoundException", 404,
                 message="The resource that you specified for the SourceArn parameter doesn't exist.",
                 SourceArn=arn(f"missing-{uuid.uuid4().hex[:8]}"))
    expect_error(m.start_message_move_task, "InvalidParameterValue", 400, SourceArn=arn(dlq_name), MaxNumberOfMessagesPerSecond=501)
    expect_error(m.start_message_move_task, "InvalidParameterValue", 400, SourceArn=arn(dlq_name), DestinationArn=arn(dlq_name))
    expect_error(m.list_message_move_tasks, "InvalidParameterValue", 400, SourceArn=arn(dlq_name), MaxResults=11)
    dead_letter(c, source_url, 3, "err")
    first = m.start_message_move_task(SourceArn=arn(dlq_name), MaxNumberOfMessagesPerSecond=1)["TaskHandle"]
    expect_error(m.start_message_move_task, "InvalidParameterValue", 400,
                 message="There is already a task running. Only one active task is allowed for a source queue arn at a given time.",
                 SourceArn=arn(dlq_name))
    m.cancel_message_move_task(TaskHandle=first)
    wait_for(m, arn(dlq_name), {"CANCELLED"})
    second = m.start_message_move_task(SourceArn=arn(dlq_name))["TaskHandle"]
    wait_for(m, arn(dlq_name), {"COMPLETED"})
    listed = m.list_message_move_tasks(SourceArn=arn(dlq_name), MaxResults=10)["Results"]
    eq([e["Status"] for e in listed], ["COMPLETED", "CANCELLED"], "most recent first")
    check(second != first, "each task has its own handle")
    # A handle laid out as SQS's, but not issued by this gateway (no MAC), and a handle altered by one character.
    forged = base64.b64encode(json.dumps({"taskId": str(uuid.uuid4()), "sourceArn": arn(dlq_name)}).encode()).decode()
    for handle in (forged, "not-a-handle", first[:-2] + ("A" if first[-2] != "A" else "B") + first[-1]):
        expect_error(m.cancel_message_move_task, "InvalidParameterValue", 400, message="Value for parameter TaskHandle is invalid.",
                     TaskHandle=handle)


@case
def move_task_denied_by_destination_policy(c):
    m = moves(c)
    _, source_url, dlq_name, _ = with_sources(c, "mv-deny")
    dest_name, dest_url = create(c, "mv-deny-dest")
    principal = f"arn:aws:iam::{ACCOUNT}:user/admin"
    c.set_queue_attributes(QueueUrl=dest_url, Attributes={"Policy": json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "NoMovesIn", "Effect": "Deny", "Principal": {"AWS": principal}, "Action": "sqs:SendMessage", "Resource": arn(dest_name)}]})})
    dead_letter(c, source_url, 1, "deny")
    expect_error(m.start_message_move_task, "AccessDenied", 403, SourceArn=arn(dlq_name), DestinationArn=arn(dest_name))
    eq(m.list_message_move_tasks(SourceArn=arn(dlq_name)).get("Results", []), [], "no task was started")


if __name__ == "__main__":
    sys.exit(main(sys.argv, CASES, "move_cases.py"))
