"""Sending: single and batch sends, attributes and their MD5s, size and character limits, batch entry errors.

Cases of sqs_cases.py, which names the command line and environment; helpers come from sqs_support.py.
"""

import uuid

from sqs_support import (ONE_MIB, STANDARD_SYSTEM_ATTRIBUTES, TRACE_HEADER, case, check, counts, create, entries, eq,
                         expect_error, md5_of_attributes, md5_of_body, receive, receive_one, same_attributes,
                         self_check_md5, system_names)


@case
def send_message_with_attributes_md5(c):
    self_check_md5()
    _, url = create(c, "md5")
    sent = {
        "str": {"DataType": "String", "StringValue": "héllo wörld ✓"},
        "num": {"DataType": "Number", "StringValue": "-12.5e3"},
        "bin": {"DataType": "Binary", "BinaryValue": bytes([0, 1, 2, 254, 255])},
        "custom.str": {"DataType": "String.custom", "StringValue": "x"},
        "customNumberTypeAttrib": {"DataType": "Number.float", "StringValue": "4563442423554324324264524243.32543234"},
        "bin.label": {"DataType": "Binary.png", "BinaryValue": b"\x89PNG"},
    }
    body = "attributes test ✓"
    response = c.send_message(QueueUrl=url, MessageBody=body, MessageAttributes=sent)
    eq(response["MD5OfMessageBody"], md5_of_body(body), "MD5OfMessageBody")
    eq(response["MD5OfMessageAttributes"], md5_of_attributes(sent), "MD5OfMessageAttributes")
    check("MD5OfMessageSystemAttributes" not in response, "MD5OfMessageSystemAttributes without system attributes")
    check(len(response["MessageId"]) == 36 and uuid.UUID(response["MessageId"]), "MessageId is not a UUID")
    message = receive_one(c, url, MessageAttributeNames=[".*"])
    eq(message["MessageId"], response["MessageId"], "received MessageId")
    eq(message["Body"], body, "received Body")
    eq(message["MD5OfBody"], md5_of_body(body), "received MD5OfBody")
    same_attributes(message["MessageAttributes"], sent, "received attributes")
    eq(message["MD5OfMessageAttributes"], md5_of_attributes(sent), "received MD5OfMessageAttributes")
    single = {"Foo": {"DataType": "String", "StringValue": "Bar"}}
    eq(c.send_message(QueueUrl=url, MessageBody="msg", MessageAttributes=single)["MD5OfMessageAttributes"],
       "ae7155c6026991b6d54b11589678bf9c", "MD5OfMessageAttributes of the AWS vector {Foo: Bar}")


@case
def send_message_system_attribute_trace_header(c):
    _, url = create(c, "trace")
    system = {"AWSTraceHeader": {"DataType": "String", "StringValue": TRACE_HEADER}}
    response = c.send_message(QueueUrl=url, MessageBody="traced", MessageSystemAttributes=system)
    eq(response.get("MD5OfMessageSystemAttributes"), "5ae4d5d7636402d80f4eb6d213245a88", "MD5OfMessageSystemAttributes")
    check("MD5OfMessageAttributes" not in response, "MD5OfMessageAttributes without message attributes")
    user = {"Foo": {"DataType": "String", "StringValue": "Bar"}}
    both = c.send_message(QueueUrl=url, MessageBody="traced", MessageAttributes=user, MessageSystemAttributes=system)
    eq(both.get("MD5OfMessageAttributes"), "ae7155c6026991b6d54b11589678bf9c", "MD5OfMessageAttributes must ignore system attributes")
    eq(both.get("MD5OfMessageSystemAttributes"), "5ae4d5d7636402d80f4eb6d213245a88", "MD5OfMessageSystemAttributes")
    message = receive_one(c, url, **system_names(c, ["AWSTraceHeader"]))
    eq(message.get("Attributes"), {"AWSTraceHeader": TRACE_HEADER}, "received AWSTraceHeader")
    check("MessageAttributes" not in message, "message attributes returned though none were asked for")
    second = receive_one(c, url, **system_names(c, ["All"]), MessageAttributeNames=[".*"])
    eq(second["Attributes"].get("AWSTraceHeader"), TRACE_HEADER, "AWSTraceHeader with All")
    eq(set(second["Attributes"]), STANDARD_SYSTEM_ATTRIBUTES | {"AWSTraceHeader"}, "system attributes with All")
    eq(second.get("MD5OfMessageAttributes"), "ae7155c6026991b6d54b11589678bf9c", "received MD5OfMessageAttributes")


@case
def body_with_special_characters_round_trips(c):
    _, url = create(c, "crlf")
    bodies = ["line1\r\nline2\r\n", "cr only\rend", '"&quot;&quot;\r', "tab\tand <xml attr='1'> & ]]> \"quotes\"",
              "ünïcødé ✓ 😀 \U0010FFFD", "  leading and trailing spaces  ", "\n"]
    sent = {}
    for body in bodies:
        response = c.send_message(QueueUrl=url, MessageBody=body)
        eq(response["MD5OfMessageBody"], md5_of_body(body), f"MD5OfMessageBody of {body!r}")
        sent[response["MessageId"]] = body
    received = {}
    for _ in range(5):
        for message in receive(c, url, MaxNumberOfMessages=10, VisibilityTimeout=60):
            received[message["MessageId"]] = message
        if len(received) == len(sent):
            break
    eq(set(received), set(sent), "received message ids")
    for message_id, body in sent.items():
        eq(received[message_id]["Body"], body, "received body")
        eq(received[message_id]["MD5OfBody"], md5_of_body(body), f"received MD5OfBody of {body!r}")


@case
def send_message_batch(c):
    _, url = create(c, "batch")
    attrs = {"kind": {"DataType": "String", "StringValue": "batch"}, "n": {"DataType": "Number", "StringValue": "2"}}
    system = {"AWSTraceHeader": {"DataType": "String", "StringValue": TRACE_HEADER}}
    entries = [
        {"Id": "plain", "MessageBody": "one"},
        {"Id": "with-attrs_2", "MessageBody": "two\r\n", "MessageAttributes": attrs},
        {"Id": "traced", "MessageBody": "three", "MessageSystemAttributes": system, "DelaySeconds": 0},
    ]
    response = c.send_message_batch(QueueUrl=url, Entries=entries)
    eq(response.get("Failed", []), [], "Failed entries")
    successful = {entry["Id"]: entry for entry in response["Successful"]}
    eq(set(successful), {"plain", "with-attrs_2", "traced"}, "Successful ids")
    for entry in entries:
        result = successful[entry["Id"]]
        eq(result["MD5OfMessageBody"], md5_of_body(entry["MessageBody"]), f"MD5OfMessageBody of {entry['Id']}")
    eq(successful["with-attrs_2"].get("MD5OfMessageAttributes"), md5_of_attributes(attrs), "batch MD5OfMessageAttributes")
    check("MD5OfMessageAttributes" not in successful["plain"], "MD5OfMessageAttributes on an entry without attributes")
    eq(successful["traced"].get("MD5OfMessageSystemAttributes"), "5ae4d5d7636402d80f4eb6d213245a88",
       "batch MD5OfMessageSystemAttributes")
    eq(len({result["MessageId"] for result in successful.values()}), 3, "distinct MessageIds")
    received = {}
    for _ in range(5):
        for message in receive(c, url, MaxNumberOfMessages=10, MessageAttributeNames=[".*"], VisibilityTimeout=60):
            received[message["MessageId"]] = message
        if len(received) == 3:
            break
    eq(set(received), {result["MessageId"] for result in successful.values()}, "received MessageIds")
    two = received[successful["with-attrs_2"]["MessageId"]]
    eq(two["Body"], "two\r\n", "batch body with CRLF")
    same_attributes(two["MessageAttributes"], attrs, "batch message attributes")


@case
def send_message_batch_partial_failure(c):
    _, url = create(c, "partial")
    response = c.send_message_batch(QueueUrl=url, Entries=[
        {"Id": "ok1", "MessageBody": "fine"},
        {"Id": "bad", "MessageBody": "bell \u0008 in body"},
        {"Id": "ok2", "MessageBody": "also fine"},
    ])
    eq(response["ResponseMetadata"]["HTTPStatusCode"], 200, "HTTP status of a partly failed batch")
    eq(sorted(entry["Id"] for entry in response["Successful"]), ["ok1", "ok2"], "Successful ids")
    failed = response.get("Failed", [])
    eq([(entry["Id"], entry["Code"], entry["SenderFault"]) for entry in failed], [("bad", "InvalidMessageContents", True)],
       "Failed entries")
    check(failed[0].get("Message"), "Failed entry without Message")
    bodies = sorted(message["Body"] for message in receive(c, url, MaxNumberOfMessages=10))
    eq(bodies, ["also fine", "fine"], "messages stored by the partly failed batch")


@case
def send_message_batch_errors(c):
    _, url = create(c, "batcherr")
    expect_error(c.send_message_batch, "AWS.SimpleQueueService.EmptyBatchRequest", 400, shape="EmptyBatchRequest",
                 QueueUrl=url, Entries=[])
    expect_error(c.send_message_batch, "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400,
                 shape="TooManyEntriesInBatchRequest",
                 message="Maximum number of entries per request are 10. You have sent 11.", QueueUrl=url, Entries=entries(11))
    expect_error(c.send_message_batch, "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400,
                 shape="BatchEntryIdsNotDistinct", QueueUrl=url,
                 Entries=[{"Id": "same", "MessageBody": "a"}, {"Id": "same", "MessageBody": "b"}])
    for bad_id in ["bad id!", "x" * 81, "dot.id"]:
        expect_error(c.send_message_batch, "AWS.SimpleQueueService.InvalidBatchEntryId", 400, shape="InvalidBatchEntryId",
                     QueueUrl=url, Entries=[{"Id": bad_id, "MessageBody": "a"}])
    big = "a" * (600 * 1024)
    expect_error(c.send_message_batch, "AWS.SimpleQueueService.BatchRequestTooLong", 400, shape="BatchRequestTooLong",
                 QueueUrl=url, Entries=[{"Id": "one", "MessageBody": big}, {"Id": "two", "MessageBody": big}])
    eq(counts(c, url), (0, 0, 0), "counters after refused batches (nothing stored)")
    ten = c.send_message_batch(QueueUrl=url, Entries=entries(10))
    eq(len(ten["Successful"]), 10, "a batch of exactly 10 entries")


@case
def delete_and_change_visibility_batch_errors(c):
    _, url = create(c, "batcherr2")
    c.send_message(QueueUrl=url, MessageBody="m")
    handle = receive_one(c, url)["ReceiptHandle"]
    operations = [
        (c.delete_message_batch, lambda i: {"Id": i, "ReceiptHandle": handle}, "DeleteMessageBatchRequestEntry"),
        (c.change_message_visibility_batch, lambda i: {"Id": i, "ReceiptHandle": handle, "VisibilityTimeout": 5},
         "ChangeMessageVisibilityBatchRequestEntry"),
    ]
    for operation, entry, _ in operations:
        expect_error(operation, "AWS.SimpleQueueService.EmptyBatchRequest", 400, QueueUrl=url, Entries=[])
        expect_error(operation, "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400, QueueUrl=url,
                     Entries=[entry(f"e{i}") for i in range(11)])
        expect_error(operation, "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400, QueueUrl=url,
                     Entries=[entry("same"), entry("same")])
        expect_error(operation, "AWS.SimpleQueueService.InvalidBatchEntryId", 400, QueueUrl=url,
                     Entries=[entry("bad id!")])
    eq(counts(c, url), (0, 1, 0), "the message is still in flight after refused batches")


@case
def send_rejects_invalid_delay(c):
    _, url = create(c, "delaybad")
    expect_error(c.send_message, "InvalidParameterValue", 400, shape="InvalidParameterValueException",
                 QueueUrl=url, MessageBody="m", DelaySeconds=901)
    expect_error(c.send_message, "InvalidParameterValue", 400, QueueUrl=url, MessageBody="m", DelaySeconds=-1)
    c.send_message(QueueUrl=url, MessageBody="m", DelaySeconds=900)
    eq(counts(c, url), (0, 0, 1), "counters after a refused and an accepted delay")


@case
def send_rejects_invalid_characters(c):
    _, url = create(c, "chars")
    for body in ["bell \u0008 here", "unit \u001f sep", "not a char \uffff"]:
        expect_error(c.send_message, "InvalidMessageContents", 400, shape="InvalidMessageContents",
                     QueueUrl=url, MessageBody=body)
    eq(counts(c, url), (0, 0, 0), "counters after refused bodies")


@case
def send_rejects_empty_body(c):
    _, url = create(c, "empty")
    expect_error(c.send_message, "MissingParameter", 400, shape="MissingRequiredParameterException",
                 message="The request must contain the parameter MessageBody.", QueueUrl=url, MessageBody="")


@case
def send_message_size_limits(c):
    _, url = create(c, "size")
    expect_error(c.send_message, "InvalidParameterValue", 400, QueueUrl=url, MessageBody="a" * (ONE_MIB + 1))
    with_attribute = {"k": {"DataType": "String", "StringValue": "x"}}
    expect_error(c.send_message, "InvalidParameterValue", 400, QueueUrl=url,
                 MessageBody="a" * (ONE_MIB - len("k") - len("String") - len("x") + 1), MessageAttributes=with_attribute)
    c.send_message(QueueUrl=url, MessageBody="a" * ONE_MIB)
    c.set_queue_attributes(QueueUrl=url, Attributes={"MaximumMessageSize": "1024"})
    c.send_message(QueueUrl=url, MessageBody="b" * 1024)
    expect_error(c.send_message, "InvalidParameterValue", 400, QueueUrl=url, MessageBody="b" * 1025)
    expect_error(c.send_message, "InvalidParameterValue", 400, QueueUrl=url, MessageBody="b" * 1022,
                 MessageAttributes=with_attribute)
    bodies = sorted(len(m["Body"]) for m in receive(c, url, MaxNumberOfMessages=10))
    eq(bodies, [1024, ONE_MIB], "sizes of the stored bodies")


@case
def send_rejects_invalid_message_attributes(c):
    _, url = create(c, "attrbad")
    eleven = {f"a{i}": {"DataType": "String", "StringValue": "v"} for i in range(11)}
    expect_error(c.send_message, "InvalidParameterValue", 400, QueueUrl=url, MessageBody="m", MessageAttributes=eleven)
    bad = [
        {"AWS.reserved": {"DataType": "String", "StringValue": "v"}},
        {"amazon.reserved": {"DataType": "String", "StringValue": "v"}},
        {"a..b": {"DataType": "String", "StringValue": "v"}},
        {".lead": {"DataType": "String", "StringValue": "v"}},
        {"bad name": {"DataType": "String", "StringValue": "v"}},
        {"empty": {"DataType": "String", "StringValue": ""}},
        {"nan": {"DataType": "Number", "StringValue": "abc"}},
        {"type": {"DataType": "Integer", "StringValue": "1"}},
    ]
    for attribute in bad:
        expect_error(c.send_message, "InvalidParameterValue", 400, QueueUrl=url, MessageBody="m", MessageAttributes=attribute)
    ten = {f"a{i}": {"DataType": "String", "StringValue": "v"} for i in range(10)}
    c.send_message(QueueUrl=url, MessageBody="m", MessageAttributes=ten)
    eq(counts(c, url), (1, 0, 0), "only the valid message was stored")
