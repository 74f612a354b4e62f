"""Receiving: limits, long polls, delays, attribute selection, deletes, visibility and dead-letter redrive.

Cases of sqs_cases.py, which names the command line and environment; helpers come from sqs_support.py.
"""

import json
import threading
import time

from sqs_support import (ACCOUNT, REGION, SIGNATURE_ATTRIBUTES, STANDARD_SYSTEM_ATTRIBUTES, attributes, case, check,
                         close_to_now_ms, counts, create, entries, eq, expect_error, make_client, md5_of_attributes,
                         receive, receive_one, same_attributes, system_names)


@case
def receive_max_number_of_messages(c):
    _, url = create(c, "max")
    c.send_message_batch(QueueUrl=url, Entries=[{"Id": f"m{i}", "MessageBody": f"body-{i}"} for i in range(5)])
    eq(len(receive(c, url)), 1, "messages received without MaxNumberOfMessages")
    eq(len(receive(c, url, MaxNumberOfMessages=3)), 3, "messages received with MaxNumberOfMessages=3")
    eq(len(receive(c, url, MaxNumberOfMessages=10)), 1, "messages left for MaxNumberOfMessages=10")
    eq(receive(c, url, MaxNumberOfMessages=10), [], "receive when every message is in flight")


@case
def receive_visibility_timeout_override(c):
    _, url = create(c, "vis", Attributes={"VisibilityTimeout": "30"})
    c.send_message(QueueUrl=url, MessageBody="again")
    first = receive_one(c, url, VisibilityTimeout=2, **system_names(c, ["ApproximateReceiveCount"]))
    eq(first["Attributes"], {"ApproximateReceiveCount": "1"}, "first receive count")
    eq(receive(c, url), [], "receive while the message is in flight")
    started = time.monotonic()
    second = receive_one(c, url, WaitTimeSeconds=5, **system_names(c, ["ApproximateReceiveCount"]))
    waited = time.monotonic() - started
    check(waited < 4, f"the message came back after {waited:.2f}s, its visibility timeout was 2s")
    eq(second["MessageId"], first["MessageId"], "the same message again")
    eq(second["Attributes"], {"ApproximateReceiveCount": "2"}, "second receive count")
    check(second["ReceiptHandle"] != first["ReceiptHandle"], "a new receive returned the same receipt handle")
    # The override applied to one receipt only: the second receive used the queue's 30 s.
    eq(receive(c, url, WaitTimeSeconds=2), [], "receive 2s after a receive with the queue default timeout")


@case
def receive_long_poll_returns_when_message_arrives(c):
    _, url = create(c, "long")
    sender = make_client()

    def send_later():
        time.sleep(1.0)
        sender.send_message(QueueUrl=url, MessageBody="arrived")

    thread = threading.Thread(target=send_later)
    started = time.monotonic()
    thread.start()
    message = receive_one(c, url, WaitTimeSeconds=10)
    elapsed = time.monotonic() - started
    thread.join()
    eq(message["Body"], "arrived", "long-polled body")
    check(0.9 <= elapsed < 4, f"long poll returned after {elapsed:.2f}s; the message was sent after 1s of a 10s wait")


@case
def receive_long_poll_waits_on_empty_queue(c):
    _, url = create(c, "wait")
    started = time.monotonic()
    eq(receive(c, url, WaitTimeSeconds=2), [], "long poll of an empty queue")
    elapsed = time.monotonic() - started
    check(1.9 <= elapsed < 5, f"a 2s long poll of an empty queue returned after {elapsed:.2f}s")
    started = time.monotonic()
    eq(receive(c, url, WaitTimeSeconds=0), [], "short poll of an empty queue")
    check(time.monotonic() - started < 1.5, "a short poll of an empty queue waited")


@case
def delay_seconds_per_message(c):
    _, url = create(c, "delaymsg")
    sent_at = time.monotonic()
    c.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=2)
    c.send_message(QueueUrl=url, MessageBody="now")
    eq([m["Body"] for m in receive(c, url, MaxNumberOfMessages=10)], ["now"], "messages received before the delay")
    eq(counts(c, url)[2], 1, "ApproximateNumberOfMessagesDelayed")
    message = receive_one(c, url, WaitTimeSeconds=6)
    elapsed = time.monotonic() - sent_at
    eq(message["Body"], "later", "delayed body")
    check(1.9 <= elapsed < 5, f"a message delayed 2s was received after {elapsed:.2f}s")


@case
def delay_seconds_per_queue(c):
    _, url = create(c, "delayq", Attributes={"DelaySeconds": "2"})
    sent_at = time.monotonic()
    c.send_message(QueueUrl=url, MessageBody="queue-delayed")
    c.send_message(QueueUrl=url, MessageBody="not delayed", DelaySeconds=0)
    eq([m["Body"] for m in receive(c, url, MaxNumberOfMessages=10)], ["not delayed"],
       "messages received before the queue delay (DelaySeconds=0 overrides it)")
    eq(counts(c, url)[2], 1, "ApproximateNumberOfMessagesDelayed")
    message = receive_one(c, url, WaitTimeSeconds=6)
    elapsed = time.monotonic() - sent_at
    eq(message["Body"], "queue-delayed", "delayed body")
    check(1.9 <= elapsed < 5, f"a message on a 2s-delay queue was received after {elapsed:.2f}s")


@case
def receive_system_attributes_only_when_requested(c):
    _, url = create(c, "sysattr")
    c.send_message(QueueUrl=url, MessageBody="m")
    plain = receive_one(c, url, VisibilityTimeout=0)
    check("Attributes" not in plain, f"system attributes returned unasked: {plain.get('Attributes')}")
    one = receive_one(c, url, VisibilityTimeout=0, **system_names(c, ["SentTimestamp"]))
    eq(set(one["Attributes"]), {"SentTimestamp"}, "system attributes when SentTimestamp is asked")
    close_to_now_ms(one["Attributes"]["SentTimestamp"], "SentTimestamp (epoch ms)")
    every = receive_one(c, url, VisibilityTimeout=0, **system_names(c, ["All"]))
    got = every["Attributes"]
    eq(set(got), STANDARD_SYSTEM_ATTRIBUTES, "system attributes with All")
    eq(got["ApproximateReceiveCount"], "3", "ApproximateReceiveCount on the third receive")
    eq(got["SentTimestamp"], one["Attributes"]["SentTimestamp"], "SentTimestamp is stable")
    close_to_now_ms(got["ApproximateFirstReceiveTimestamp"], "ApproximateFirstReceiveTimestamp (epoch ms)")
    check(int(got["SentTimestamp"]) <= int(got["ApproximateFirstReceiveTimestamp"]), "first receive before send")
    check(got["SenderId"], "empty SenderId")
    two = receive_one(c, url, VisibilityTimeout=0, **system_names(c, ["SenderId", "ApproximateReceiveCount"]))
    eq(two["Attributes"], {"SenderId": got["SenderId"], "ApproximateReceiveCount": "4"}, "two named system attributes")


@case
def receive_with_deprecated_attribute_names(c):
    _, url = create(c, "oldattr")
    c.send_message(QueueUrl=url, MessageBody="m")
    message = receive_one(c, url, AttributeNames=["ApproximateReceiveCount", "SentTimestamp"])
    eq(set(message["Attributes"]), {"ApproximateReceiveCount", "SentTimestamp"}, "attributes via AttributeNames")
    eq(message["Attributes"]["ApproximateReceiveCount"], "1", "ApproximateReceiveCount")


@case
def receive_message_attribute_filters(c):
    _, url = create(c, "filter", Attributes={"VisibilityTimeout": "0"})
    sent = {"Help.Me": {"DataType": "String", "StringValue": "Me"},
            "Hello": {"DataType": "String", "StringValue": "There"},
            "General": {"DataType": "String", "StringValue": "Kenobi"}}
    response = c.send_message(QueueUrl=url, MessageBody="msg", MessageAttributes=sent)
    eq(response["MD5OfMessageAttributes"], "4c360f3fdafd970e05fae2f149d997f5", "MD5OfMessageAttributes (AWS vector)")
    cases = [
        (["All"], ["Help.Me", "Hello", "General"], "4c360f3fdafd970e05fae2f149d997f5"),
        ([".*"], ["Help.Me", "Hello", "General"], "4c360f3fdafd970e05fae2f149d997f5"),
        (["Hello", "General"], ["Hello", "General"], "fca026605781cb4126a1e9044df24232"),
        (["Foo", "Hello"], ["Hello"], "a311262e065454b75da111d535b8dacd"),
        (["Hel.*"], ["Hello", "Help.Me"], "83fee93c1bcd8b9a5a923ffacdc636c7"),
        (["Foo", "Help"], [], None),
    ]
    for names, expected, md5 in cases:
        message = receive_one(c, url, MessageAttributeNames=names)
        eq(message["MD5OfBody"], "6e2baaf3b97dbeef01c0043275f9a0e7", "MD5OfBody of msg")
        if not expected:
            check("MessageAttributes" not in message and "MD5OfMessageAttributes" not in message,
                  f"filter {names}: attributes or MD5 returned though none match")
            continue
        check("MessageAttributes" in message, f"filter {names}: no MessageAttributes, expected {expected}")
        same_attributes(message["MessageAttributes"], {n: sent[n] for n in expected}, f"filter {names}")
        eq(message["MD5OfMessageAttributes"], md5, f"MD5OfMessageAttributes with filter {names}")
    none = receive_one(c, url)
    check("MessageAttributes" not in none and "MD5OfMessageAttributes" not in none,
          "attributes or MD5 returned though no MessageAttributeNames were given")


@case
def receive_all_attributes_md5_equals_send(c):
    # A consumer that forwards every attribute it got relies on All returning exactly the sender's, under the same MD5;
    # the gateway's signature attributes (secq.*) come only when asked for.
    _, url = create(c, "allmd5", Attributes={"VisibilityTimeout": "0"})
    sent = {f"attr{i}": {"DataType": "String", "StringValue": f"value {i}"} for i in range(9)}
    sent["bin"] = {"DataType": "Binary", "BinaryValue": b"\x00\x01\xff"}
    response = c.send_message(QueueUrl=url, MessageBody="ten", MessageAttributes=sent)
    every = receive_one(c, url, MessageAttributeNames=["All"])
    same_attributes(every["MessageAttributes"], sent, "attributes with All")
    eq(every["MD5OfMessageAttributes"], response["MD5OfMessageAttributes"], "received MD5OfMessageAttributes with All")
    eq(md5_of_attributes(every["MessageAttributes"]), response["MD5OfMessageAttributes"], "MD5 of the received attributes")
    again = {name: {k: v for k, v in value.items() if k in ("DataType", "StringValue", "BinaryValue")}
             for name, value in every["MessageAttributes"].items()}
    forwarded = c.send_message(QueueUrl=url, MessageBody="forwarded", MessageAttributes=again)
    eq(forwarded["MD5OfMessageAttributes"], response["MD5OfMessageAttributes"], "MD5 of the forwarded attributes")
    signed = receive(c, url, MaxNumberOfMessages=10, MessageAttributeNames=["All", "secq.*"])
    eq(len(signed), 2, "number of messages received")
    for message in signed:
        eq(set(message["MessageAttributes"]), set(sent) | SIGNATURE_ATTRIBUTES, "attribute names with All and secq.*")
        eq(message["MD5OfMessageAttributes"], md5_of_attributes(message["MessageAttributes"]),
           "MD5OfMessageAttributes with All and secq.*")


@case
def delete_message_is_idempotent(c):
    _, url = create(c, "delmsg")
    c.send_message(QueueUrl=url, MessageBody="delete me")
    c.send_message(QueueUrl=url, MessageBody="keep me")
    messages = receive(c, url, MaxNumberOfMessages=10, VisibilityTimeout=1)
    eq(len(messages), 2, "messages received")
    doomed = next(m for m in messages if m["Body"] == "delete me")
    c.delete_message(QueueUrl=url, ReceiptHandle=doomed["ReceiptHandle"])
    eq(c.delete_message(QueueUrl=url, ReceiptHandle=doomed["ReceiptHandle"])["ResponseMetadata"]["HTTPStatusCode"], 200,
       "a second DeleteMessage with the same handle")
    again = receive(c, url, WaitTimeSeconds=4, MaxNumberOfMessages=10)
    eq([m["Body"] for m in again], ["keep me"], "messages after delete")


@case
def delete_with_stale_receipt_deletes_nothing(c):
    _, url = create(c, "stale")
    c.send_message(QueueUrl=url, MessageBody="m")
    first = receive_one(c, url, VisibilityTimeout=1)
    second = receive_one(c, url, WaitTimeSeconds=5, VisibilityTimeout=30)
    eq(second["MessageId"], first["MessageId"], "the same message received twice")
    c.delete_message(QueueUrl=url, ReceiptHandle=first["ReceiptHandle"])
    eq(counts(c, url), (0, 1, 0), "counters after a delete with the stale handle (message still in flight)")
    c.delete_message(QueueUrl=url, ReceiptHandle=second["ReceiptHandle"])
    eq(counts(c, url), (0, 0, 0), "counters after a delete with the current handle")


@case
def delete_with_expired_receipt_deletes(c):
    _, url = create(c, "expired")
    c.send_message(QueueUrl=url, MessageBody="m")
    message = receive_one(c, url, VisibilityTimeout=1)
    time.sleep(1.3)
    eq(counts(c, url), (1, 0, 0), "counters once the visibility timeout expired")
    c.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    eq(counts(c, url), (0, 0, 0), "counters after deleting with the expired, not re-received handle")
    eq(receive(c, url), [], "receive after delete")


@case
def delete_message_batch_with_invalid_entry(c):
    _, url = create(c, "delbatch")
    c.send_message_batch(QueueUrl=url, Entries=entries(3, "m"))
    handles = [m["ReceiptHandle"] for m in receive(c, url, MaxNumberOfMessages=10, VisibilityTimeout=30)]
    eq(len(handles), 3, "messages received")
    response = c.delete_message_batch(QueueUrl=url, Entries=[
        {"Id": "a", "ReceiptHandle": handles[0]},
        {"Id": "b", "ReceiptHandle": handles[1]},
        {"Id": "bad", "ReceiptHandle": "garbage"},
    ])
    eq(response["ResponseMetadata"]["HTTPStatusCode"], 200, "HTTP status of a partly failed batch")
    eq(sorted(e["Id"] for e in response["Successful"]), ["a", "b"], "Successful ids")
    eq([(e["Id"], e["Code"], e["SenderFault"]) for e in response.get("Failed", [])],
       [("bad", "ReceiptHandleIsInvalid", True)], "Failed entries")
    eq(counts(c, url), (0, 1, 0), "counters after deleting two of three")


@case
def change_message_visibility(c):
    _, url = create(c, "cmv")
    c.send_message(QueueUrl=url, MessageBody="m")
    first = receive_one(c, url, VisibilityTimeout=30)
    c.change_message_visibility(QueueUrl=url, ReceiptHandle=first["ReceiptHandle"], VisibilityTimeout=0)
    second = receive_one(c, url, VisibilityTimeout=1, **system_names(c, ["ApproximateReceiveCount"]))
    eq(second["Attributes"]["ApproximateReceiveCount"], "2", "receive count after visibility 0")
    c.change_message_visibility(QueueUrl=url, ReceiptHandle=second["ReceiptHandle"], VisibilityTimeout=4)
    time.sleep(1.5)
    eq(receive(c, url), [], "receive after extending the visibility to 4s (1.5s later)")
    expect_error(c.change_message_visibility, "InvalidParameterValue", 400, QueueUrl=url,
                 ReceiptHandle=second["ReceiptHandle"], VisibilityTimeout=43201)
    error = expect_error(c.change_message_visibility, "InvalidParameterValue", 400, QueueUrl=url,
                         ReceiptHandle=second["ReceiptHandle"], VisibilityTimeout=43200)
    check("Total VisibilityTimeout for the message is beyond the limit [43200 seconds]" in error.get("Message", ""),
          f"message of a change ending over 12 hours after the receive: {error.get('Message')!r}")
    c.delete_message(QueueUrl=url, ReceiptHandle=second["ReceiptHandle"])
    error = expect_error(c.change_message_visibility, "InvalidParameterValue", 400, QueueUrl=url,
                         ReceiptHandle=second["ReceiptHandle"], VisibilityTimeout=10)
    check("Message does not exist or is not available for visibility timeout change" in error.get("Message", ""),
          f"message of ChangeMessageVisibility after delete: {error.get('Message')!r}")


@case
def change_message_visibility_batch(c):
    _, url = create(c, "cmvb")
    c.send_message_batch(QueueUrl=url, Entries=[{"Id": "a", "MessageBody": "soon"}, {"Id": "b", "MessageBody": "later"}])
    messages = {m["Body"]: m for m in receive(c, url, MaxNumberOfMessages=10, VisibilityTimeout=30)}
    eq(set(messages), {"soon", "later"}, "messages received")
    response = c.change_message_visibility_batch(QueueUrl=url, Entries=[
        {"Id": "soon", "ReceiptHandle": messages["soon"]["ReceiptHandle"], "VisibilityTimeout": 0},
        {"Id": "later", "ReceiptHandle": messages["later"]["ReceiptHandle"], "VisibilityTimeout": 60},
        {"Id": "bad", "ReceiptHandle": "garbage", "VisibilityTimeout": 0},
    ])
    eq(sorted(e["Id"] for e in response["Successful"]), ["later", "soon"], "Successful ids")
    eq([(e["Id"], e["Code"], e["SenderFault"]) for e in response.get("Failed", [])],
       [("bad", "ReceiptHandleIsInvalid", True)], "Failed entries")
    eq([m["Body"] for m in receive(c, url, MaxNumberOfMessages=10)], ["soon"], "messages visible after the batch")


@case
def dead_letter_queue_redrive(c):
    dlq_name, dlq_url = create(c, "dlq")
    source_name, source_url = create(c, "dlq-src")
    dlq_arn = f"arn:aws:sqs:{REGION}:{ACCOUNT}:{dlq_name}"
    policy = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "1"})
    c.set_queue_attributes(QueueUrl=source_url, Attributes={"RedrivePolicy": policy})
    eq(json.loads(attributes(c, source_url, "RedrivePolicy")["RedrivePolicy"]),
       {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 1}, "RedrivePolicy read back (count as a number)")
    expect_error(c.set_queue_attributes, "InvalidParameterValue", 400, QueueUrl=source_url,
                 Attributes={"RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 1001})})
    eq(c.list_dead_letter_source_queues(QueueUrl=dlq_url)["queueUrls"], [source_url], "ListDeadLetterSourceQueues")
    sent = c.send_message(QueueUrl=source_url, MessageBody="poison",
                          MessageAttributes={"kind": {"DataType": "String", "StringValue": "poison"}})
    eq(receive_one(c, source_url, VisibilityTimeout=0)["MessageId"], sent["MessageId"], "first delivery")
    eq(receive(c, source_url, VisibilityTimeout=0), [], "the receive over maxReceiveCount delivers nothing")
    moved = receive_one(c, dlq_url, MessageAttributeNames=["All"], **system_names(c, ["All"]))
    eq(moved["MessageId"], sent["MessageId"], "MessageId kept")
    eq(moved["Body"], "poison", "body kept")
    eq(moved["MD5OfMessageAttributes"], sent["MD5OfMessageAttributes"], "attributes kept")
    eq(moved["Attributes"]["DeadLetterQueueSourceArn"], f"arn:aws:sqs:{REGION}:{ACCOUNT}:{source_name}", "DeadLetterQueueSourceArn")
    eq(moved["Attributes"]["ApproximateReceiveCount"], "2", "ApproximateReceiveCount carried over")
    c.set_queue_attributes(QueueUrl=source_url, Attributes={"RedrivePolicy": ""})
    eq(c.list_dead_letter_source_queues(QueueUrl=dlq_url).get("queueUrls", []), [], "no source after the policy is removed")
