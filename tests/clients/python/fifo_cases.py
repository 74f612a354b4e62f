"""FIFO queues (fifo-and-dlq.md §2): attributes, ordering, deduplication, group locks, attempts and batches.

Cases of sqs_cases.py, which names the command line and environment; helpers come from sqs_support.py.
"""

import hashlib
import json
import time

from sqs_support import (ACCOUNT, NEW_QUEUE_ATTRIBUTES, REGION, attributes, case, check, counts, create, eq,
                         expect_error, qname, queue_url, receive, receive_one, system_names)


FIFO_NAME_MESSAGE = ("The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, "
                     "must end with .fifo suffix and be 1 to 80 in length")


NO_DEDUP_MESSAGE = "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly"


def create_fifo(client, tag, **attributes):
    name = qname(tag) + ".fifo"
    url = client.create_queue(QueueName=name, Attributes={"FifoQueue": "true", **attributes})["QueueUrl"]
    eq(url, queue_url(name), "CreateQueue QueueUrl of a FIFO queue")
    return name, url


def fifo_receive(client, url, **kwargs):
    return receive(client, url, MaxNumberOfMessages=10, **system_names(client, ["All"]), **kwargs)


@case
def fifo_create_queue_attributes(c):
    name, url = create_fifo(c, "fifo-attrs")
    got = attributes(c, url, "All")
    fifo_names = {"FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit"}
    eq(set(got), NEW_QUEUE_ATTRIBUTES | fifo_names, "attribute names of a new FIFO queue")
    eq({k: got[k] for k in fifo_names},
       {"FifoQueue": "true", "ContentBasedDeduplication": "false", "DeduplicationScope": "queue", "FifoThroughputLimit": "perQueue"},
       "FIFO defaults")
    eq(c.create_queue(QueueName=name, Attributes={"FifoQueue": "true"})["QueueUrl"], url, "CreateQueue again, same attributes")
    expect_error(c.create_queue, "QueueAlreadyExists", 400, QueueName=name,
                 Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"})
    expect_error(c.create_queue, "InvalidParameterValue", 400, message=FIFO_NAME_MESSAGE,
                 QueueName=qname("fifo-noname"), Attributes={"FifoQueue": "true"})
    expect_error(c.create_queue, "InvalidParameterValue", 400, QueueName=qname("fifo-noattr") + ".fifo")
    expect_error(c.create_queue, "InvalidAttributeName", 400, message="You can specify the DeduplicationScope only when FifoQueue is set to true.",
                 QueueName=qname("std"), Attributes={"DeduplicationScope": "queue"})
    expect_error(c.create_queue, "InvalidAttributeName", 400, message="You can specify the FifoThroughputLimit only when FifoQueue is set to true.",
                 QueueName=qname("std"), Attributes={"FifoThroughputLimit": "perQueue"})
    expect_error(c.create_queue, "InvalidAttributeName", 400, message="Unknown Attribute ContentBasedDeduplication.",
                 QueueName=qname("std"), Attributes={"ContentBasedDeduplication": "true"})
    expect_error(c.create_queue, "InvalidAttributeValue", 400, QueueName=qname("fifo-ht") + ".fifo",
                 Attributes={"FifoQueue": "true", "FifoThroughputLimit": "perMessageGroupId"})
    _, high = create_fifo(c, "fifo-ht", DeduplicationScope="messageGroup", FifoThroughputLimit="perMessageGroupId")
    eq(attributes(c, high, "DeduplicationScope", "FifoThroughputLimit"),
       {"DeduplicationScope": "messageGroup", "FifoThroughputLimit": "perMessageGroupId"}, "high-throughput FIFO attributes")


@case
def fifo_queue_type_cannot_change(c):
    _, url = create_fifo(c, "fifo-type")
    expect_error(c.set_queue_attributes, "InvalidAttributeValue", 400,
                 message="Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.",
                 QueueUrl=url, Attributes={"FifoQueue": "true"})
    _, standard = create(c, "std-type")
    expect_error(c.set_queue_attributes, "InvalidAttributeName", 400, QueueUrl=standard, Attributes={"FifoQueue": "true"})
    c.set_queue_attributes(QueueUrl=url, Attributes={"ContentBasedDeduplication": "true"})
    eq(attributes(c, url, "FifoQueue", "ContentBasedDeduplication"), {"FifoQueue": "true", "ContentBasedDeduplication": "true"},
       "FIFO attributes after SetQueueAttributes")


@case
def fifo_send_requires_group_and_deduplication(c):
    _, url = create_fifo(c, "fifo-req")
    expect_error(c.send_message, "MissingParameter", 400, shape="MissingRequiredParameterException",
                 message="The request must contain the parameter MessageGroupId.", QueueUrl=url, MessageBody="m", MessageDeduplicationId="d")
    expect_error(c.send_message, "InvalidParameterValue", 400, message=NO_DEDUP_MESSAGE, QueueUrl=url, MessageBody="m", MessageGroupId="g")
    expect_error(c.send_message, "InvalidParameterValue", 400,
                 message="Value 2 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.",
                 QueueUrl=url, MessageBody="m", MessageGroupId="g", MessageDeduplicationId="d", DelaySeconds=2)
    expect_error(c.send_message, "InvalidParameterValue", 400,
                 message="Value a b for parameter MessageDeduplicationId is invalid. Reason: MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.",
                 QueueUrl=url, MessageBody="m", MessageGroupId="g", MessageDeduplicationId="a b")
    eq(counts(c, url), (0, 0, 0), "nothing stored by the refused sends")
    sent = c.send_message(QueueUrl=url, MessageBody="zero delay", MessageGroupId="g", MessageDeduplicationId="d0", DelaySeconds=0)
    check(sent["SequenceNumber"].isdigit(), f"SequenceNumber {sent['SequenceNumber']!r}")
    _, standard = create(c, "std-dedup")
    expect_error(c.send_message, "InvalidParameterValue", 400, QueueUrl=standard, MessageBody="m", MessageDeduplicationId="d")


@case
def fifo_order_and_sequence_numbers(c):
    _, url = create_fifo(c, "fifo-order")
    sent = {"a": [], "b": []}
    for i in range(6):
        group = "a" if i % 2 == 0 else "b"
        response = c.send_message(QueueUrl=url, MessageBody=f"{group}{i}", MessageGroupId=group, MessageDeduplicationId=f"d{i}")
        sent[group].append((response["MessageId"], int(response["SequenceNumber"])))
    for group, messages in sent.items():
        numbers = [n for _, n in messages]
        eq(numbers, sorted(set(numbers)), f"sequence numbers of group {group} strictly increasing")
        check(all(n < 2 ** 128 for n in numbers), "sequence numbers fit 128 bits")
    got = fifo_receive(c, url)
    eq(len(got), 6, "messages received")
    for group in ("a", "b"):
        mine = [m for m in got if m["Attributes"]["MessageGroupId"] == group]
        eq([m["MessageId"] for m in mine], [i for i, _ in sent[group]], f"group {group} in send order")
        eq([int(m["Attributes"]["SequenceNumber"]) for m in mine], [n for _, n in sent[group]], f"group {group} SequenceNumber attributes")
        eq([m["Attributes"]["MessageDeduplicationId"] for m in mine], [f"d{i}" for i in range(6) if (i % 2 == 0) == (group == "a")],
           f"group {group} MessageDeduplicationId attributes")
    first_group = got[0]["Attributes"]["MessageGroupId"]
    eq([m["Attributes"]["MessageGroupId"] for m in got[:3]], [first_group] * 3, "one group's messages together")


@case
def fifo_deduplication_window(c):
    _, url = create_fifo(c, "fifo-dedup")
    first = c.send_message(QueueUrl=url, MessageBody="one", MessageGroupId="g1", MessageDeduplicationId="same")
    again = c.send_message(QueueUrl=url, MessageBody="other body", MessageGroupId="g2", MessageDeduplicationId="same")
    eq((again["MessageId"], again["SequenceNumber"]), (first["MessageId"], first["SequenceNumber"]),
       "a duplicate (queue scope, other group) answers with the original MessageId and SequenceNumber")
    got = fifo_receive(c, url)
    eq([m["Body"] for m in got], ["one"], "only the original is stored")
    c.delete_message(QueueUrl=url, ReceiptHandle=got[0]["ReceiptHandle"])
    after = c.send_message(QueueUrl=url, MessageBody="one", MessageGroupId="g1", MessageDeduplicationId="same")
    eq(after["MessageId"], first["MessageId"], "the id is remembered after the message was deleted")
    eq(fifo_receive(c, url), [], "nothing new after the delete")
    _, content = create_fifo(c, "fifo-cbd", ContentBasedDeduplication="true")
    one = c.send_message(QueueUrl=content, MessageBody="body", MessageGroupId="g",
                         MessageAttributes={"a": {"DataType": "String", "StringValue": "1"}})
    two = c.send_message(QueueUrl=content, MessageBody="body", MessageGroupId="g",
                         MessageAttributes={"a": {"DataType": "String", "StringValue": "2"}})
    eq(two["MessageId"], one["MessageId"], "content-based: same body, other attributes, is a duplicate")
    explicit = c.send_message(QueueUrl=content, MessageBody="body", MessageGroupId="g", MessageDeduplicationId="explicit")
    check(explicit["MessageId"] != one["MessageId"], "an explicit id overrides the content hash")
    got = fifo_receive(c, content)
    eq([m["Attributes"]["MessageDeduplicationId"] for m in got], [hashlib.sha256(b"body").hexdigest(), "explicit"],
       "MessageDeduplicationId: SHA-256 of the body, then the explicit one")


@case
def fifo_deduplication_scope_message_group(c):
    _, url = create_fifo(c, "fifo-scope", DeduplicationScope="messageGroup")
    one = c.send_message(QueueUrl=url, MessageBody="one", MessageGroupId="g1", MessageDeduplicationId="same")
    two = c.send_message(QueueUrl=url, MessageBody="two", MessageGroupId="g2", MessageDeduplicationId="same")
    check(one["MessageId"] != two["MessageId"], "messageGroup scope: the same id in another group is a new message")
    dup = c.send_message(QueueUrl=url, MessageBody="three", MessageGroupId="g1", MessageDeduplicationId="same")
    eq(dup["MessageId"], one["MessageId"], "messageGroup scope: the same id in the same group is a duplicate")
    eq(sorted(m["Body"] for m in fifo_receive(c, url)), ["one", "two"], "messages stored")


@case
def fifo_purge_clears_deduplication(c):
    _, url = create_fifo(c, "fifo-purge")
    first = c.send_message(QueueUrl=url, MessageBody="m", MessageGroupId="g", MessageDeduplicationId="d")
    c.purge_queue(QueueUrl=url)
    again = c.send_message(QueueUrl=url, MessageBody="m", MessageGroupId="g", MessageDeduplicationId="d")
    check(again["MessageId"] != first["MessageId"], "after a purge the same id is a new message")
    eq([m["MessageId"] for m in fifo_receive(c, url)], [again["MessageId"]], "the re-sent message is delivered")


@case
def fifo_group_lock_is_positional(c):
    _, url = create_fifo(c, "fifo-lock", ContentBasedDeduplication="true")
    for body in ["foo", "bar", "baz"]:
        c.send_message(QueueUrl=url, MessageBody=body, MessageGroupId="g1")
    c.send_message(QueueUrl=url, MessageBody="other", MessageGroupId="g2")
    head = receive_one(c, url, VisibilityTimeout=30)
    eq(head["Body"], "foo", "first receive: the oldest group's head")
    eq([m["Body"] for m in fifo_receive(c, url, VisibilityTimeout=30)], ["other"], "g1 is locked behind foo; g2 flows")
    c.change_message_visibility(QueueUrl=url, ReceiptHandle=head["ReceiptHandle"], VisibilityTimeout=0)
    got = fifo_receive(c, url, VisibilityTimeout=2)
    eq([m["Body"] for m in got], ["foo", "bar", "baz"], "g1 again, as many of the group as possible, in order")
    bar = got[1]
    c.change_message_visibility(QueueUrl=url, ReceiptHandle=bar["ReceiptHandle"], VisibilityTimeout=30)
    time.sleep(2.5)
    eq([m["Body"] for m in fifo_receive(c, url, VisibilityTimeout=30)], ["foo"],
       "with bar in flight, foo (ahead of it) is deliverable and baz (behind it) is not")


@case
def fifo_receive_request_attempt_id(c):
    _, url = create_fifo(c, "fifo-attempt", ContentBasedDeduplication="true")
    c.send_message(QueueUrl=url, MessageBody="m1", MessageGroupId="g")
    c.send_message(QueueUrl=url, MessageBody="m2", MessageGroupId="g")
    first = fifo_receive(c, url, ReceiveRequestAttemptId="attempt-1", VisibilityTimeout=30)
    eq([m["Body"] for m in first], ["m1", "m2"], "first attempt")
    retry = fifo_receive(c, url, ReceiveRequestAttemptId="attempt-1", VisibilityTimeout=30)
    eq([(m["MessageId"], m["ReceiptHandle"]) for m in retry], [(m["MessageId"], m["ReceiptHandle"]) for m in first],
       "a retried attempt returns the same messages and receipt handles")
    eq([m["Attributes"]["ApproximateReceiveCount"] for m in retry], ["1", "1"], "a retry is the same delivery")
    eq(fifo_receive(c, url, ReceiveRequestAttemptId="attempt-2"), [], "another attempt: the group is in flight")
    c.delete_message(QueueUrl=url, ReceiptHandle=retry[0]["ReceiptHandle"])
    eq(len(fifo_receive(c, url, ReceiveRequestAttemptId="attempt-1", VisibilityTimeout=30)), 0,
       "after a delete the attempt is not repeated (m2 is still in flight)")
    expect_error(c.receive_message, "InvalidParameterValue", 400, QueueUrl=url, ReceiveRequestAttemptId="bad id")


@case
def fifo_delete_with_expired_receipt(c):
    _, url = create_fifo(c, "fifo-expired", ContentBasedDeduplication="true")
    c.send_message(QueueUrl=url, MessageBody="m", MessageGroupId="g")
    message = receive_one(c, url, VisibilityTimeout=1)
    time.sleep(1.5)
    error = expect_error(c.delete_message, "InvalidParameterValue", 400, QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    check(error["Message"].endswith("Reason: The receipt handle has expired."), f"message {error['Message']!r}")
    again = receive_one(c, url, VisibilityTimeout=1)
    time.sleep(1.5)
    result = c.delete_message_batch(QueueUrl=url, Entries=[{"Id": "old", "ReceiptHandle": again["ReceiptHandle"]}])
    eq([(e["Id"], e["Code"], e["SenderFault"]) for e in result.get("Failed", [])], [("old", "InvalidParameterValue", True)],
       "DeleteMessageBatch with an expired receipt: a failed entry")
    current = receive_one(c, url, VisibilityTimeout=30)
    c.delete_message(QueueUrl=url, ReceiptHandle=current["ReceiptHandle"])
    eq(counts(c, url), (0, 0, 0), "deleted with the current receipt")


@case
def fifo_send_message_batch_rules(c):
    _, url = create_fifo(c, "fifo-batch")
    expect_error(c.send_message_batch, "InvalidParameterValue", 400, message="The request must contain the parameter MessageGroupId.", QueueUrl=url,
                 Entries=[{"Id": "a", "MessageBody": "a", "MessageGroupId": "g", "MessageDeduplicationId": "a"},
                          {"Id": "b", "MessageBody": "b", "MessageDeduplicationId": "b"}])
    expect_error(c.send_message_batch, "InvalidParameterValue", 400, message=NO_DEDUP_MESSAGE, QueueUrl=url,
                 Entries=[{"Id": "a", "MessageBody": "a", "MessageGroupId": "g"}])
    eq(counts(c, url), (0, 0, 0), "a refused batch stores nothing")
    result = c.send_message_batch(QueueUrl=url, Entries=[
        {"Id": "a", "MessageBody": "a", "MessageGroupId": "g1", "MessageDeduplicationId": "a"},
        {"Id": "b", "MessageBody": "b", "MessageGroupId": "g1", "MessageDeduplicationId": "b"},
        {"Id": "c", "MessageBody": "c", "MessageGroupId": "g2", "MessageDeduplicationId": "c"},
        {"Id": "dup", "MessageBody": "a again", "MessageGroupId": "g1", "MessageDeduplicationId": "a"}])
    eq(result.get("Failed", []), [], "no failed entries")
    by_id = {e["Id"]: e for e in result["Successful"]}
    check(int(by_id["a"]["SequenceNumber"]) < int(by_id["b"]["SequenceNumber"]), "entries of one group numbered in request order")
    eq(by_id["dup"]["MessageId"], by_id["a"]["MessageId"], "a duplicate within the batch answers with the first entry's id")
    eq(sorted(m["Body"] for m in fifo_receive(c, url)), ["a", "b", "c"], "three messages stored")


@case
def fifo_dead_letter_queue(c):
    dlq_name, dlq_url = create_fifo(c, "fifo-dlq")
    _, standard_dlq = create(c, "std-dlq")
    source_name, source_url = create_fifo(c, "fifo-dlq-src", ContentBasedDeduplication="true")
    standard_arn = attributes(c, standard_dlq, "QueueArn")["QueueArn"]
    expect_error(c.set_queue_attributes, "InvalidParameterValue", 400, QueueUrl=source_url,
                 Attributes={"RedrivePolicy": json.dumps({"deadLetterTargetArn": standard_arn, "maxReceiveCount": 1})})
    dlq_arn = f"arn:aws:sqs:{REGION}:{ACCOUNT}:{dlq_name}"
    c.set_queue_attributes(QueueUrl=source_url, Attributes={"RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 1})})
    sent = c.send_message(QueueUrl=source_url, MessageBody="poison", MessageGroupId="g")
    eq(receive_one(c, source_url, VisibilityTimeout=0)["MessageId"], sent["MessageId"], "first delivery")
    eq(receive(c, source_url, VisibilityTimeout=0), [], "over maxReceiveCount: moved, not delivered")
    follower = c.send_message(QueueUrl=source_url, MessageBody="next", MessageGroupId="g")
    eq([m["MessageId"] for m in fifo_receive(c, source_url)], [follower["MessageId"]], "the group is unblocked after the move")
    moved = receive_one(c, dlq_url, **system_names(c, ["All"]))
    eq(moved["MessageId"], sent["MessageId"], "MessageId kept")
    eq(moved["Attributes"]["MessageGroupId"], "g", "MessageGroupId kept")
    eq(moved["Attributes"]["MessageDeduplicationId"], sent["MessageId"], "MessageDeduplicationId is the MessageId on the DLQ")
    eq(moved["Attributes"]["DeadLetterQueueSourceArn"], f"arn:aws:sqs:{REGION}:{ACCOUNT}:{source_name}", "DeadLetterQueueSourceArn")
    check(moved["Attributes"]["SequenceNumber"].isdigit(), "a sequence number on the DLQ")
