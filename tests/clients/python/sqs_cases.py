#!/usr/bin/env python3
"""Functional cases for a running SecureQueue gateway, driven by a real boto3.

One script serves both wire protocols: a current boto3 speaks the SQS JSON protocol, Debian's older boto3
speaks the Query protocol. Expected outcomes are those of Amazon SQS (see sqs-api.md), not of the gateway.

    python3 sqs_cases.py <case-name>    run one case: exit 0 on success, 1 with the reason on failure
    python3 sqs_cases.py --list         print the case names, one a line

Environment: SECQ_ENDPOINT (https://localhost:<port>), AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (the identity
under test), AWS_CA_BUNDLE (the test CA), SECQ_EXPECT_PROTOCOL (json | query, checked first when set), and
SECQ_ADMIN_ACCESS_KEY_ID / SECQ_ADMIN_SECRET_ACCESS_KEY for cases that set a queue up as the admin.
"""

import hashlib
import json
import os
import struct
import sys
import threading
import time
import traceback
import uuid

import boto3
from case_args import pick
from botocore.config import Config
from botocore.exceptions import ClientError

ACCOUNT = "000000000000"
REGION = "us-east-1"
ONE_MIB = 1024 * 1024
NEW_QUEUE_ATTRIBUTES = {
    "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed", "ApproximateNumberOfMessagesNotVisible",
    "CreatedTimestamp", "DelaySeconds", "LastModifiedTimestamp", "MaximumMessageSize", "MessageRetentionPeriod",
    "QueueArn", "ReceiveMessageWaitTimeSeconds", "SqsManagedSseEnabled", "VisibilityTimeout",
}
STANDARD_SYSTEM_ATTRIBUTES = {"SenderId", "SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp"}
TRACE_HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"


class CaseFailed(Exception):
    """An expectation of the case did not hold."""


def endpoint():
    return os.environ["SECQ_ENDPOINT"].rstrip("/")


def check(condition, message):
    if not condition:
        raise CaseFailed(message)


def eq(actual, expected, what):
    if actual != expected:
        raise CaseFailed(f"{what}: expected {expected!r}, got {actual!r}")


# ---------------------------------------------------------------------------------------------- clients

RESPONSES_CHECKED = [0]


def _require_request_id(http_response, **_):
    # Every response, success or error, must carry x-amzn-RequestId.
    if http_response is None:
        return
    request_id = http_response.headers.get("x-amzn-RequestId")
    if not request_id:
        raise CaseFailed(f"HTTP {http_response.status_code} response without x-amzn-RequestId header")
    RESPONSES_CHECKED[0] += 1


def make_client(access_key_id=None, secret_access_key=None, validate=True):
    config = Config(
        region_name=REGION, retries={"max_attempts": 0}, parameter_validation=validate,
        connect_timeout=10, read_timeout=60)
    credentials = {}
    if access_key_id is not None:
        credentials = {"aws_access_key_id": access_key_id, "aws_secret_access_key": secret_access_key}
    client = boto3.session.Session().client("sqs", endpoint_url=endpoint(), config=config, **credentials)
    client.meta.events.register("after-call.sqs", _require_request_id)
    return client


def admin_client():
    key = os.environ.get("SECQ_ADMIN_ACCESS_KEY_ID")
    secret = os.environ.get("SECQ_ADMIN_SECRET_ACCESS_KEY")
    check(key and secret, "SECQ_ADMIN_ACCESS_KEY_ID / SECQ_ADMIN_SECRET_ACCESS_KEY are not set")
    return make_client(key, secret)


def protocol(client):
    return client.meta.service_model.protocol


def qname(tag):
    return f"py-{tag}-{uuid.uuid4().hex[:12]}"


def queue_url(name):
    return f"{endpoint()}/{ACCOUNT}/{name}"


def create(client, tag, **kwargs):
    name = qname(tag)
    url = client.create_queue(QueueName=name, **kwargs)["QueueUrl"]
    eq(url, queue_url(name), "CreateQueue QueueUrl")
    return name, url


def attributes(client, url, *names):
    return client.get_queue_attributes(QueueUrl=url, AttributeNames=list(names)).get("Attributes", {})


def counts(client, url):
    values = attributes(client, url, "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                        "ApproximateNumberOfMessagesDelayed")
    return (int(values["ApproximateNumberOfMessages"]), int(values["ApproximateNumberOfMessagesNotVisible"]),
            int(values["ApproximateNumberOfMessagesDelayed"]))


def receive(client, url, **kwargs):
    return client.receive_message(QueueUrl=url, **kwargs).get("Messages", [])


def receive_one(client, url, **kwargs):
    messages = receive(client, url, **kwargs)
    eq(len(messages), 1, "number of messages received")
    return messages[0]


def system_names(client, names):
    """Requests system attributes the way this botocore does: MessageSystemAttributeNames when it knows it."""
    members = client.meta.service_model.operation_model("ReceiveMessage").input_shape.members
    key = "MessageSystemAttributeNames" if "MessageSystemAttributeNames" in members else "AttributeNames"
    return {key: names}


SIGNATURE_ATTRIBUTES = {"secq.signature", "secq.signature.key-id", "secq.sender"}


def expect_error(call, code, status, shape=None, message=None, **kwargs):
    """Runs call(**kwargs), which must fail with the legacy (Query) error code and HTTP status given."""
    try:
        call(**kwargs)
    except ClientError as error:
        response = error.response
        operation = getattr(error, "operation_name", "?")
        eq(response["Error"].get("Code"), code, f"{operation} error code")
        eq(response["ResponseMetadata"]["HTTPStatusCode"], status, f"{operation} HTTP status for {code}")
        if shape is not None and "QueryErrorCode" in response["Error"]:
            eq(response["Error"]["QueryErrorCode"], shape, f"{operation} JSON __type shape for {code}")
        if message is not None:
            eq(response["Error"].get("Message"), message, f"{operation} error message for {code}")
        return response["Error"]
    raise CaseFailed(f"{getattr(call, '__name__', call)} succeeded, expected {code} ({status})")


# ---------------------------------------------------------------------------------------------- MD5s (sqs-api.md §3)

def md5_hex(data):
    return hashlib.md5(data).hexdigest()


def md5_of_body(body):
    return md5_hex(body.encode("utf-8"))


def _length_prefixed(data):
    return struct.pack(">I", len(data)) + data


def md5_of_attributes(attributes):
    buffer = bytearray()
    for name in sorted(attributes):
        value = attributes[name]
        buffer += _length_prefixed(name.encode("utf-8"))
        buffer += _length_prefixed(value["DataType"].encode("utf-8"))
        if "StringValue" in value:
            buffer += b"\x01" + _length_prefixed(value["StringValue"].encode("utf-8"))
        else:
            buffer += b"\x02" + _length_prefixed(bytes(value["BinaryValue"]))
    return md5_hex(bytes(buffer))


def self_check_md5():
    """The local algorithm reproduces the published AWS vectors, so a mismatch later is the gateway's."""
    eq(md5_of_attributes({"Foo": {"DataType": "String", "StringValue": "Bar"}}), "ae7155c6026991b6d54b11589678bf9c",
       "local MD5 of {Foo: Bar}")
    eq(md5_of_attributes({"binaryAttribute": {"DataType": "Binary", "BinaryValue": b"Hello binary world!"}}),
       "31a92b15d92f8db860eda32aceb656c3", "local MD5 of binaryAttribute")
    eq(md5_of_attributes({"AWSTraceHeader": {"DataType": "String", "StringValue": TRACE_HEADER}}),
       "5ae4d5d7636402d80f4eb6d213245a88", "local MD5 of AWSTraceHeader")
    eq(md5_of_body("msg"), "6e2baaf3b97dbeef01c0043275f9a0e7", "local MD5 of body msg")


def same_attributes(received, sent, what):
    """Received message attributes equal the sent ones (type and value), whatever extra keys boto3 adds."""
    eq(set(received), set(sent), f"{what}: attribute names")
    for name, value in sent.items():
        got = received[name]
        eq(got.get("DataType"), value["DataType"], f"{what}: DataType of {name}")
        if "StringValue" in value:
            eq(got.get("StringValue"), value["StringValue"], f"{what}: StringValue of {name}")
            check("BinaryValue" not in got, f"{what}: {name} has an unexpected BinaryValue")
        else:
            eq(bytes(got.get("BinaryValue", b"")), bytes(value["BinaryValue"]), f"{what}: BinaryValue of {name}")
            check("StringValue" not in got, f"{what}: {name} has an unexpected StringValue")


def now_ms():
    return int(time.time() * 1000)


def close_to_now_ms(text, what, slack_ms=60_000):
    value = int(text)
    check(abs(value - now_ms()) <= slack_ms, f"{what} = {value} is not within {slack_ms} ms of now ({now_ms()})")


# ---------------------------------------------------------------------------------------------- cases

CASES = {}


def case(function):
    CASES[function.__name__] = function
    return function


@case
def create_queue_with_attributes_and_tags(c):
    requested = {"VisibilityTimeout": "45", "DelaySeconds": "1", "MaximumMessageSize": "2048",
                 "MessageRetentionPeriod": "3600", "ReceiveMessageWaitTimeSeconds": "2"}
    tags = {"team": "payments", "env": "test"}
    name, url = create(c, "create", Attributes=requested, tags=tags)
    got = attributes(c, url, "All")
    for key, value in requested.items():
        eq(got.get(key), value, f"attribute {key}")
    eq(got.get("QueueArn"), f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}", "QueueArn")
    eq(c.list_queue_tags(QueueUrl=url).get("Tags"), tags, "tags given to CreateQueue")
    eq(c.get_queue_url(QueueName=name)["QueueUrl"], url, "GetQueueUrl")


@case
def create_queue_is_idempotent(c):
    requested = {"VisibilityTimeout": "45", "DelaySeconds": "0"}
    name, url = create(c, "idem", Attributes=requested)
    eq(c.create_queue(QueueName=name, Attributes=requested)["QueueUrl"], url, "CreateQueue again, same attributes")
    eq(attributes(c, url, "VisibilityTimeout")["VisibilityTimeout"], "45", "VisibilityTimeout after re-create")
    plain, plain_url = create(c, "idem")
    eq(c.create_queue(QueueName=plain)["QueueUrl"], plain_url, "CreateQueue again without attributes")
    eq(c.create_queue(QueueName=plain, Attributes={"VisibilityTimeout": "30"})["QueueUrl"], plain_url,
       "CreateQueue again with the default VisibilityTimeout spelled out")
    urls = c.list_queues(QueueNamePrefix=name).get("QueueUrls", [])
    eq(urls, [url], "queues named like the re-created one")


@case
def create_queue_with_different_attributes_fails(c):
    name, url = create(c, "diff", Attributes={"VisibilityTimeout": "45"})
    expect_error(c.create_queue, "QueueAlreadyExists", 400, shape="QueueNameExists",
                 message="A queue already exists with the same name and a different value for attribute VisibilityTimeout",
                 QueueName=name, Attributes={"VisibilityTimeout": "46"})
    expect_error(c.create_queue, "QueueAlreadyExists", 400, shape="QueueNameExists",
                 QueueName=name, Attributes={"VisibilityTimeout": "45", "DelaySeconds": "5"})
    eq(attributes(c, url, "VisibilityTimeout", "DelaySeconds"), {"VisibilityTimeout": "45", "DelaySeconds": "0"},
       "attributes after the refused re-creates")


@case
def create_queue_rejects_invalid_names(c):
    for name in ["bad name!", "x" * 81, qname("fifo") + ".fifo", "slash/name"]:
        expect_error(c.create_queue, "InvalidParameterValue", 400, QueueName=name)
    longest = ("py-max-" + uuid.uuid4().hex + "x" * 80)[:80]
    eq(c.create_queue(QueueName=longest)["QueueUrl"], queue_url(longest), "an 80-character queue name")


@case
def create_queue_rejects_invalid_attributes(c):
    name = qname("badattr")
    for attribute in [{"Foobar": "1"}, {"ContentBasedDeduplication": "true"}]:
        expect_error(c.create_queue, "InvalidAttributeName", 400, shape="InvalidAttributeName",
                     QueueName=name, Attributes=attribute)
    expect_error(c.create_queue, "InvalidParameterValue", 400, QueueName=name, Attributes={"FifoQueue": "true"})
    missing_target = '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:x","maxReceiveCount":"1"}'
    error = expect_error(c.create_queue, "InvalidParameterValue", 400, QueueName=name, Attributes={"RedrivePolicy": missing_target})
    check(error["Message"].endswith("Reason: Dead letter target does not exist."), f"message {error['Message']!r}")
    for attribute in [{"VisibilityTimeout": "50000"}, {"DelaySeconds": "901"}, {"MaximumMessageSize": "1023"},
                      {"MessageRetentionPeriod": "59"}, {"ReceiveMessageWaitTimeSeconds": "21"}, {"VisibilityTimeout": "abc"}]:
        expect_error(c.create_queue, "InvalidAttributeValue", 400, shape="InvalidAttributeValue",
                     QueueName=name, Attributes=attribute)
    expect_error(c.create_queue, "KMS.NotFoundException", 400, shape="KmsNotFound", QueueName=name, Attributes={"KmsMasterKeyId": "alias/unknown"})
    expect_error(c.create_queue, "InvalidAttributeValue", 400, shape="InvalidAttributeValue", QueueName=name, Attributes={"SqsManagedSseEnabled": "false"})
    expect_error(c.get_queue_url, "AWS.SimpleQueueService.NonExistentQueue", 400, QueueName=name)


@case
def get_queue_url(c):
    name, url = create(c, "url")
    eq(c.get_queue_url(QueueName=name)["QueueUrl"], url, "GetQueueUrl")
    eq(c.get_queue_url(QueueName=name, QueueOwnerAWSAccountId=ACCOUNT)["QueueUrl"], url, "GetQueueUrl with owner")
    try:
        c.get_queue_url(QueueName=qname("missing"))
        raise CaseFailed("GetQueueUrl of a missing queue succeeded")
    except c.exceptions.QueueDoesNotExist as error:
        eq(error.response["Error"]["Code"], "AWS.SimpleQueueService.NonExistentQueue", "error code")
        eq(error.response["ResponseMetadata"]["HTTPStatusCode"], 400, "HTTP status")


@case
def list_queues_by_prefix(c):
    prefix = qname("list")
    urls = {}
    for suffix in ["a1", "a2", "b1"]:
        urls[suffix] = c.create_queue(QueueName=f"{prefix}-{suffix}")["QueueUrl"]
    response = c.list_queues(QueueNamePrefix=f"{prefix}-a")
    eq(sorted(response.get("QueueUrls", [])), sorted([urls["a1"], urls["a2"]]), "queues with prefix -a")
    check("NextToken" not in response, "NextToken without MaxResults")
    eq(sorted(c.list_queues(QueueNamePrefix=prefix).get("QueueUrls", [])), sorted(urls.values()), "queues with prefix")
    eq(c.list_queues(QueueNamePrefix=prefix + "-zz").get("QueueUrls", []), [], "queues with an unused prefix")
    everything = c.list_queues().get("QueueUrls", [])
    check(set(urls.values()) <= set(everything), "ListQueues without prefix lacks the new queues")


@case
def list_queues_paging(c):
    prefix = qname("page")
    created = {c.create_queue(QueueName=f"{prefix}-{i}")["QueueUrl"] for i in range(5)}
    pages, token = [], None
    while True:
        kwargs = {"QueueNamePrefix": prefix, "MaxResults": 2}
        if token:
            kwargs["NextToken"] = token
        response = c.list_queues(**kwargs)
        pages.append(response.get("QueueUrls", []))
        token = response.get("NextToken")
        if not token or len(pages) > 5:
            break
    eq([len(page) for page in pages], [2, 2, 1], "page sizes with MaxResults=2")
    listed = [url for page in pages for url in page]
    eq(len(set(listed)), 5, "distinct queues over all pages")
    eq(set(listed), created, "queues over all pages")


@case
def delete_queue_then_recreate_fails(c):
    name, url = create(c, "del")
    c.send_message(QueueUrl=url, MessageBody="doomed")
    c.delete_queue(QueueUrl=url)
    expect_error(c.get_queue_url, "AWS.SimpleQueueService.NonExistentQueue", 400, QueueName=name)
    expect_error(c.send_message, "AWS.SimpleQueueService.NonExistentQueue", 400, QueueUrl=url, MessageBody="x")
    eq([u for u in c.list_queues(QueueNamePrefix=name).get("QueueUrls", [])], [], "ListQueues after delete")
    expect_error(c.create_queue, "AWS.SimpleQueueService.QueueDeletedRecently", 400, shape="QueueDeletedRecently",
                 message="You must wait 60 seconds after deleting a queue before you can create another with the same name.",
                 QueueName=name)
    expect_error(c.delete_queue, "AWS.SimpleQueueService.NonExistentQueue", 400, QueueUrl=url)


@case
def get_queue_attributes_all_on_new_queue(c):
    name, url = create(c, "attrs")
    got = attributes(c, url, "All")
    eq(set(got), NEW_QUEUE_ATTRIBUTES, "attribute names of a new queue")
    expected = {"ApproximateNumberOfMessages": "0", "ApproximateNumberOfMessagesDelayed": "0",
                "ApproximateNumberOfMessagesNotVisible": "0", "DelaySeconds": "0", "MaximumMessageSize": "1048576",
                "MessageRetentionPeriod": "345600", "QueueArn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}",
                "ReceiveMessageWaitTimeSeconds": "0", "SqsManagedSseEnabled": "true", "VisibilityTimeout": "30"}
    for key, value in expected.items():
        eq(got[key], value, key)
    created, modified = int(got["CreatedTimestamp"]), int(got["LastModifiedTimestamp"])
    check(abs(created - time.time()) < 120, f"CreatedTimestamp {created} is not epoch seconds near now")
    check(created <= modified < created + 120, f"LastModifiedTimestamp {modified} vs CreatedTimestamp {created}")


@case
def get_queue_attributes_subset(c):
    name, url = create(c, "subset", Attributes={"VisibilityTimeout": "7"})
    eq(attributes(c, url, "VisibilityTimeout", "QueueArn", "DelaySeconds"),
       {"VisibilityTimeout": "7", "QueueArn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}", "DelaySeconds": "0"},
       "a subset of attributes")
    eq(c.get_queue_attributes(QueueUrl=url).get("Attributes", {}), {}, "no attribute names asked")
    eq(set(attributes(c, url, "All", "VisibilityTimeout")), NEW_QUEUE_ATTRIBUTES, "All plus one name")


@case
def get_queue_attributes_counters(c):
    _, url = create(c, "count")
    eq(counts(c, url), (0, 0, 0), "counters (visible, not visible, delayed) of an empty queue")
    c.send_message(QueueUrl=url, MessageBody="a")
    c.send_message(QueueUrl=url, MessageBody="b")
    c.send_message(QueueUrl=url, MessageBody="c", DelaySeconds=60)
    eq(counts(c, url), (2, 0, 1), "counters after two sends and a delayed send")
    receive_one(c, url, VisibilityTimeout=60)
    eq(counts(c, url), (1, 1, 1), "counters after receiving one")


@case
def set_queue_attributes_and_read_back(c):
    _, url = create(c, "set")
    before = attributes(c, url, "All")
    wanted = {"VisibilityTimeout": "10", "DelaySeconds": "2", "MaximumMessageSize": "2048",
              "MessageRetentionPeriod": "120", "ReceiveMessageWaitTimeSeconds": "1", "SqsManagedSseEnabled": "true"}
    c.set_queue_attributes(QueueUrl=url, Attributes=wanted)
    after = attributes(c, url, "All")
    eq(set(after), NEW_QUEUE_ATTRIBUTES, "attribute names after SetQueueAttributes")
    for key, value in wanted.items():
        eq(after[key], value, f"{key} after SetQueueAttributes")
    eq(after["CreatedTimestamp"], before["CreatedTimestamp"], "CreatedTimestamp after SetQueueAttributes")
    check(int(after["LastModifiedTimestamp"]) >= int(before["LastModifiedTimestamp"]), "LastModifiedTimestamp went back")
    c.set_queue_attributes(QueueUrl=url, Attributes={"DelaySeconds": "0"})
    started = time.monotonic()
    eq(receive(c, url), [], "receive on an empty queue")
    elapsed = time.monotonic() - started
    check(0.9 <= elapsed < 5, f"receive without WaitTimeSeconds took {elapsed:.2f}s, queue wait time is 1s")


@case
def set_queue_attributes_rejects_invalid(c):
    _, url = create(c, "setbad")
    expect_error(c.set_queue_attributes, "InvalidAttributeName", 400, shape="InvalidAttributeName",
                 message="Unknown Attribute Foobar.", QueueUrl=url, Attributes={"Foobar": "1"})
    expect_error(c.set_queue_attributes, "InvalidParameterValue", 400, QueueUrl=url,
                 Attributes={"RedrivePolicy": '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:x","maxReceiveCount":"1"}'})
    expect_error(c.set_queue_attributes, "InvalidAttributeName", 400, QueueUrl=url, Attributes={"QueueArn": "x"})
    for attribute in [{"VisibilityTimeout": "50000"}, {"MaximumMessageSize": "1048577"}, {"DelaySeconds": "-1"},
                      {"Policy": "{not json"}]:
        expect_error(c.set_queue_attributes, "InvalidAttributeValue", 400, shape="InvalidAttributeValue",
                     QueueUrl=url, Attributes=attribute)
    expect_error(c.set_queue_attributes, "InvalidAttributeValue", 400, QueueUrl=url,
                 Attributes={"VisibilityTimeout": "60", "DelaySeconds": "901"})
    eq(attributes(c, url, "VisibilityTimeout", "DelaySeconds", "MaximumMessageSize"),
       {"VisibilityTimeout": "30", "DelaySeconds": "0", "MaximumMessageSize": "1048576"},
       "attributes after refused changes (none applied)")


@case
def get_queue_attributes_rejects_unknown_name(c):
    _, url = create(c, "getbad")
    expect_error(c.get_queue_attributes, "InvalidAttributeName", 400, shape="InvalidAttributeName",
                 QueueUrl=url, AttributeNames=["Foobar"])
    expect_error(c.get_queue_attributes, "InvalidAttributeName", 400, QueueUrl=url,
                 AttributeNames=["VisibilityTimeout", "SentTimestamp"])


@case
def purge_queue_then_purge_in_progress(c):
    name, url = create(c, "purge")
    for body in ["a", "b", "c"]:
        c.send_message(QueueUrl=url, MessageBody=body)
    c.send_message(QueueUrl=url, MessageBody="delayed", DelaySeconds=60)
    receive_one(c, url, VisibilityTimeout=60)
    eq(counts(c, url), (2, 1, 1), "counters before purge")
    c.purge_queue(QueueUrl=url)
    eq(counts(c, url), (0, 0, 0), "counters after purge (visible, in flight and delayed all gone)")
    eq(receive(c, url), [], "receive after purge")
    expect_error(c.purge_queue, "AWS.SimpleQueueService.PurgeQueueInProgress", 403, shape="PurgeQueueInProgress",
                 message=f"Only one PurgeQueue operation on {name} is allowed every 60 seconds.", QueueUrl=url)
    c.send_message(QueueUrl=url, MessageBody="after")
    eq(receive_one(c, url)["Body"], "after", "a message sent after the purge")


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


def _entries(count, body="x"):
    return [{"Id": f"e{i}", "MessageBody": body} for i in range(count)]


@case
def send_message_batch_errors(c):
    _, url = create(c, "batcherr")
    expect_error(c.send_message_batch, "AWS.SimpleQueueService.EmptyBatchRequest", 400, shape="EmptyBatchRequest",
                 QueueUrl=url, Entries=[])
    expect_error(c.send_message_batch, "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400,
                 shape="TooManyEntriesInBatchRequest",
                 message="Maximum number of entries per request are 10. You have sent 11.", QueueUrl=url, Entries=_entries(11))
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
    ten = c.send_message_batch(QueueUrl=url, Entries=_entries(10))
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
    c.send_message_batch(QueueUrl=url, Entries=_entries(3, "m"))
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
def tag_untag_list_queue_tags(c):
    _, url = create(c, "tags")
    eq(c.list_queue_tags(QueueUrl=url).get("Tags", {}), {}, "tags of a new queue")
    c.tag_queue(QueueUrl=url, Tags={"a": "1", "b": "2"})
    eq(c.list_queue_tags(QueueUrl=url).get("Tags"), {"a": "1", "b": "2"}, "tags after TagQueue")
    c.tag_queue(QueueUrl=url, Tags={"b": "3", "c": "with space:/=+-@."})
    eq(c.list_queue_tags(QueueUrl=url).get("Tags"), {"a": "1", "b": "3", "c": "with space:/=+-@."}, "tags merged")
    c.untag_queue(QueueUrl=url, TagKeys=["a", "not-there"])
    eq(c.list_queue_tags(QueueUrl=url).get("Tags"), {"b": "3", "c": "with space:/=+-@."}, "tags after UntagQueue")
    c.untag_queue(QueueUrl=url, TagKeys=["b", "c"])
    eq(c.list_queue_tags(QueueUrl=url).get("Tags", {}), {}, "tags after removing all")


def policy_statements(client, url):
    """The statements of the queue's Policy attribute ([] when the queue has none)."""
    document = attributes(client, url, "Policy").get("Policy")
    if not document:
        return []
    statements = json.loads(document)["Statement"]
    return statements if isinstance(statements, list) else [statements]


@case
def queue_policy_attribute(c):
    name, url = create(c, "policy")
    arn = f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"
    policy = {"Version": "2012-10-17", "Id": "test", "Statement": [{
        "Sid": "AllowSend", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
        "Action": "sqs:SendMessage", "Resource": arn}]}
    check("Policy" not in attributes(c, url, "All"), "a new queue has a Policy")
    c.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps(policy)})
    got = attributes(c, url, "All")
    eq(set(got), NEW_QUEUE_ATTRIBUTES | {"Policy"}, "attribute names once a Policy is set")
    eq(json.loads(got["Policy"]), policy, "Policy read back")
    eq(set(attributes(c, url, "Policy")), {"Policy"}, "Policy asked by name")
    c.set_queue_attributes(QueueUrl=url, Attributes={"Policy": ""})
    eq(set(attributes(c, url, "All")), NEW_QUEUE_ATTRIBUTES, "attribute names once the Policy is removed")
    with_policy = qname("policy")
    created = c.create_queue(QueueName=with_policy, Attributes={"Policy": json.dumps(policy).replace(name, with_policy)})
    eq(json.loads(attributes(c, created["QueueUrl"], "Policy")["Policy"])["Statement"][0]["Sid"], "AllowSend",
       "Policy given to CreateQueue")


@case
def add_and_remove_permission(c):
    name, url = create(c, "perm")
    arn = f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"
    c.add_permission(QueueUrl=url, Label="senders", AWSAccountIds=[ACCOUNT], Actions=["SendMessage", "ReceiveMessage"])
    c.add_permission(QueueUrl=url, Label="readers", AWSAccountIds=[ACCOUNT], Actions=["GetQueueAttributes"])
    eq(policy_statements(c, url), [
        {"Sid": "senders", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
         "Action": ["SQS:SendMessage", "SQS:ReceiveMessage"], "Resource": arn},
        {"Sid": "readers", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
         "Action": "SQS:GetQueueAttributes", "Resource": arn},
    ], "statements added by AddPermission")
    expect_error(c.add_permission, "InvalidParameterValue", 400, QueueUrl=url, Label="senders",
                 AWSAccountIds=[ACCOUNT], Actions=["DeleteMessage"])
    expect_error(c.add_permission, "OverLimit", 403, QueueUrl=url, Label="many", AWSAccountIds=[ACCOUNT],
                 Actions=["SendMessage", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility",
                          "GetQueueAttributes", "GetQueueUrl", "*", "SendMessage"])
    c.remove_permission(QueueUrl=url, Label="senders")
    eq([s["Sid"] for s in policy_statements(c, url)], ["readers"], "statements after RemovePermission")
    expect_error(c.remove_permission, "InvalidParameterValue", 400, QueueUrl=url, Label="senders")
    c.remove_permission(QueueUrl=url, Label="readers")
    eq(policy_statements(c, url), [], "statements after removing the last permission")


@case
def sender_allowed_by_queue_policy(c):
    admin = admin_client()
    name = qname("grant")
    url = admin.create_queue(QueueName=name)["QueueUrl"]
    admin.send_message(QueueUrl=url, MessageBody="for the sender")
    expect_error(c.receive_message, "AccessDenied", 403, QueueUrl=url)
    sender_arn = f"arn:aws:iam::{ACCOUNT}:user/sender"
    arn = f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"
    admin.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "SenderReceives", "Effect": "Allow", "Principal": {"AWS": sender_arn}, "Action": "sqs:ReceiveMessage",
         "Resource": arn}]})})
    eq(receive_one(c, url)["Body"], "for the sender", "body received by the sender once the queue policy allows it")
    expect_error(c.delete_queue, "AccessDenied", 403, QueueUrl=url)


@case
def sender_denied_by_queue_policy(c):
    admin = admin_client()
    name = qname("deny")
    url = admin.create_queue(QueueName=name)["QueueUrl"]
    c.send_message(QueueUrl=url, MessageBody="allowed")
    admin.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "NoSender", "Effect": "Deny", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/sender"},
         "Action": "sqs:SendMessage", "Resource": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"}]})})
    expect_error(c.send_message, "AccessDenied", 403, shape="AccessDeniedException", QueueUrl=url, MessageBody="denied")
    admin.send_message(QueueUrl=url, MessageBody="admin still sends")
    eq(sorted(m["Body"] for m in receive(admin, url, MaxNumberOfMessages=10)), ["admin still sends", "allowed"],
       "messages in the queue")


@case
def nonexistent_queue_on_every_action(c):
    _, real = create(c, "real")
    c.send_message(QueueUrl=real, MessageBody="m")
    handle = receive_one(c, real)["ReceiptHandle"]
    name = qname("missing")
    url = queue_url(name)
    calls = [
        (c.get_queue_url, {"QueueName": name}),
        (c.get_queue_attributes, {"QueueUrl": url, "AttributeNames": ["All"]}),
        (c.set_queue_attributes, {"QueueUrl": url, "Attributes": {"VisibilityTimeout": "5"}}),
        (c.delete_queue, {"QueueUrl": url}),
        (c.purge_queue, {"QueueUrl": url}),
        (c.send_message, {"QueueUrl": url, "MessageBody": "m"}),
        (c.send_message_batch, {"QueueUrl": url, "Entries": [{"Id": "a", "MessageBody": "m"}]}),
        (c.receive_message, {"QueueUrl": url}),
        (c.receive_message, {"QueueUrl": url, "WaitTimeSeconds": 1}),
        (c.delete_message, {"QueueUrl": url, "ReceiptHandle": handle}),
        (c.delete_message_batch, {"QueueUrl": url, "Entries": [{"Id": "a", "ReceiptHandle": handle}]}),
        (c.change_message_visibility, {"QueueUrl": url, "ReceiptHandle": handle, "VisibilityTimeout": 0}),
        (c.change_message_visibility_batch,
         {"QueueUrl": url, "Entries": [{"Id": "a", "ReceiptHandle": handle, "VisibilityTimeout": 0}]}),
        (c.tag_queue, {"QueueUrl": url, "Tags": {"a": "b"}}),
        (c.untag_queue, {"QueueUrl": url, "TagKeys": ["a"]}),
        (c.list_queue_tags, {"QueueUrl": url}),
        (c.add_permission, {"QueueUrl": url, "Label": "p", "AWSAccountIds": [ACCOUNT], "Actions": ["SendMessage"]}),
        (c.remove_permission, {"QueueUrl": url, "Label": "p"}),
    ]
    for call, kwargs in calls:
        try:
            call(**kwargs)
            raise CaseFailed(f"{call.__name__} on a missing queue succeeded")
        except c.exceptions.QueueDoesNotExist as error:
            eq(error.response["Error"]["Code"], "AWS.SimpleQueueService.NonExistentQueue", f"{call.__name__} code")
            eq(error.response["ResponseMetadata"]["HTTPStatusCode"], 400, f"{call.__name__} HTTP status")
        except ClientError as error:
            raise CaseFailed(f"{call.__name__} on a missing queue: {error.response['Error']} "
                             f"HTTP {error.response['ResponseMetadata']['HTTPStatusCode']}, expected NonExistentQueue")
    eq(counts(c, real), (0, 1, 0), "the real queue's message is untouched")


@case
def receipt_handle_is_invalid(c):
    _, url = create(c, "rhi")
    expect_error(c.delete_message, "ReceiptHandleIsInvalid", 404, shape="ReceiptHandleIsInvalid",
                 message='The input receipt handle "garbage" is not a valid receipt handle.',
                 QueueUrl=url, ReceiptHandle="garbage")
    expect_error(c.change_message_visibility, "ReceiptHandleIsInvalid", 404, shape="ReceiptHandleIsInvalid",
                 QueueUrl=url, ReceiptHandle="garbage", VisibilityTimeout=0)


@case
def receive_rejects_invalid_parameters(c):
    _, url = create(c, "recvbad")
    expect_error(c.receive_message, "InvalidParameterValue", 400, shape="InvalidParameterValueException",
                 message="Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.",
                 QueueUrl=url, MaxNumberOfMessages=11)
    expect_error(c.receive_message, "InvalidParameterValue", 400, QueueUrl=url, MaxNumberOfMessages=0)
    expect_error(c.receive_message, "InvalidParameterValue", 400, QueueUrl=url, WaitTimeSeconds=21)
    expect_error(c.receive_message, "InvalidParameterValue", 400, QueueUrl=url, WaitTimeSeconds=-1)
    expect_error(c.receive_message, "InvalidParameterValue", 400, QueueUrl=url, VisibilityTimeout=43201)


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
def missing_required_parameter(c):
    unchecked = make_client(validate=False)
    _, url = create(c, "missing")
    expect_error(unchecked.send_message, "MissingParameter", 400, shape="MissingRequiredParameterException",
                 message="The request must contain the parameter MessageBody.", QueueUrl=url)
    expect_error(unchecked.delete_message, "MissingParameter", 400, shape="MissingRequiredParameterException",
                 message="The request must contain the parameter ReceiptHandle.", QueueUrl=url)


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


@case
def other_region_is_its_own_namespace(c):
    # The gateway under test serves us-east-1 (the default) and eu-west-1; the signing region picks the namespace.
    key, secret = os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"]

    def regional(region):
        config = Config(region_name=region, retries={"max_attempts": 0}, connect_timeout=10, read_timeout=60)
        return boto3.session.Session().client(
            "sqs", endpoint_url=endpoint(), config=config, aws_access_key_id=key, aws_secret_access_key=secret)

    eu = regional("eu-west-1")
    name = qname("region")
    home_url = c.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "31"})["QueueUrl"]
    eu_url = eu.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "32"})["QueueUrl"]
    eq(home_url, queue_url(name), "the default region's queue URL")
    eq(eu_url, f"{endpoint()}/eu-west-1/{ACCOUNT}/{name}", "eu-west-1's queue URL carries the region")
    eq(attributes(eu, eu_url, "QueueArn", "VisibilityTimeout"),
       {"QueueArn": f"arn:aws:sqs:eu-west-1:{ACCOUNT}:{name}", "VisibilityTimeout": "32"}, "eu-west-1 queue")
    eq(attributes(c, home_url, "QueueArn", "VisibilityTimeout"),
       {"QueueArn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}", "VisibilityTimeout": "31"}, "us-east-1 queue")
    eu.send_message(QueueUrl=eu_url, MessageBody="in eu-west-1")
    eq(receive(c, home_url, WaitTimeSeconds=0), [], "us-east-1's queue of the same name")
    eq(receive_one(eu, eu_url)["Body"], "in eu-west-1", "body received in eu-west-1")
    eq(eu.list_queues(QueueNamePrefix=name).get("QueueUrls", []), [eu_url], "eu-west-1 lists its own queue only")
    eq(eu.get_queue_url(QueueName=name)["QueueUrl"], eu_url, "GetQueueUrl in eu-west-1")
    expect_error(c.get_queue_attributes, "InvalidAddress", 404, QueueUrl=eu_url, AttributeNames=["All"])
    expect_error(regional("ap-south-1").list_queues, "SignatureDoesNotMatch", 403,
                 message="Credential should be scoped to a valid region.")


@case
def sts_get_caller_identity(c):
    # STS shares the endpoint; the credential scope's service (sts) routes the Query call to it, and SQS still works.
    config = Config(region_name=REGION, retries={"max_attempts": 0}, connect_timeout=10, read_timeout=60)
    key = os.environ["AWS_ACCESS_KEY_ID"]
    sts = boto3.session.Session().client("sts", endpoint_url=endpoint(), config=config)
    sts.meta.events.register("after-call.sts", _require_request_id)
    eq(sts.meta.service_model.protocol, "query", "STS protocol")
    identity = sts.get_caller_identity()
    eq(identity["Account"], ACCOUNT, "Account")
    eq(identity["UserId"], key, "UserId (the access key id)")
    check(identity["Arn"].startswith(f"arn:aws:iam::{ACCOUNT}:user/"), f"Arn {identity['Arn']!r}")
    admin = boto3.session.Session().client(
        "sts", endpoint_url=endpoint(), config=config, aws_access_key_id=os.environ["SECQ_ADMIN_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["SECQ_ADMIN_SECRET_ACCESS_KEY"])
    eq(admin.get_caller_identity()["Arn"], f"arn:aws:iam::{ACCOUNT}:user/admin", "the admin's Arn")
    forged = boto3.session.Session().client(
        "sts", endpoint_url=endpoint(), config=config, aws_access_key_id=key, aws_secret_access_key="not-the-secret")
    expect_error(forged.get_caller_identity, "SignatureDoesNotMatch", 403)
    c.list_queues(QueueNamePrefix=qname("after-sts"))


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


@case
def sender_identity_may_only_send(c):
    admin = admin_client()
    name = qname("sender")
    url = admin.create_queue(QueueName=name)["QueueUrl"]
    response = c.send_message(QueueUrl=url, MessageBody="from sender")
    eq(response["MD5OfMessageBody"], md5_of_body("from sender"), "sender's MD5OfMessageBody")
    expect_error(c.receive_message, "AccessDenied", 403, shape="AccessDeniedException", QueueUrl=url)
    expect_error(c.create_queue, "AccessDenied", 403, QueueName=qname("sender"))
    expect_error(c.delete_queue, "AccessDenied", 403, QueueUrl=url)
    expect_error(c.get_queue_attributes, "AccessDenied", 403, QueueUrl=url, AttributeNames=["All"])
    admin.send_message(QueueUrl=url, MessageBody="from admin")
    messages = receive(admin, url, MaxNumberOfMessages=10, **system_names(admin, ["SenderId"]))
    senders = {m["Body"]: m["Attributes"]["SenderId"] for m in messages}
    eq(set(senders), {"from sender", "from admin"}, "bodies the admin received")
    check(senders["from sender"] != senders["from admin"], f"both messages have SenderId {senders['from admin']!r}")


@case
def nodelete_identity_cannot_delete_queue(c):
    name, url = create(c, "nodel")
    c.send_message(QueueUrl=url, MessageBody="m")
    message = receive_one(c, url)
    c.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    expect_error(c.delete_queue, "AccessDenied", 403, shape="AccessDeniedException", QueueUrl=url)
    eq(c.get_queue_url(QueueName=name)["QueueUrl"], url, "the queue still exists")


@case
def unknown_access_key_is_rejected(c):
    stranger = make_client("AKIASECQUNKNOWN00001", "unknownSecretKey0123456789abcdefghijklm")
    expect_error(stranger.list_queues, "InvalidClientTokenId", 403)
    expect_error(stranger.create_queue, "InvalidClientTokenId", 403, QueueName=qname("stranger"))
    expect_error(stranger.send_message, "InvalidClientTokenId", 403,
                 QueueUrl=queue_url(qname("stranger")), MessageBody="m")


@case
def wrong_secret_is_rejected(c):
    key = os.environ["AWS_ACCESS_KEY_ID"]
    forger = make_client(key, "wrongSecretKey0123456789abcdefghijklmnopq")
    expect_error(forger.list_queues, "SignatureDoesNotMatch", 403)
    _, url = create(c, "forged")
    expect_error(forger.send_message, "SignatureDoesNotMatch", 403, QueueUrl=url, MessageBody="m")
    eq(counts(c, url), (0, 0, 0), "nothing was sent with a forged signature")


# ---------------------------------------------------------------------------------------------- FIFO queues (fifo-and-dlq.md §2)

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


# ---------------------------------------------------------------------------------------------- runner

def main(argv, cases=None, script="sqs_cases.py"):
    """Runs the case argv names; move_cases.py runs its own cases through this too."""
    function = pick(argv, CASES if cases is None else cases, script)
    if isinstance(function, int):
        return function
    client = make_client()
    expected = os.environ.get("SECQ_EXPECT_PROTOCOL")
    actual = protocol(client)
    if expected and actual != expected:
        print(f"FAIL {argv[1]}: boto3 {boto3.__version__} speaks {actual!r}, expected {expected!r}", file=sys.stderr)
        return 1
    try:
        function(client)
    except CaseFailed as failure:
        print(f"FAIL {argv[1]} ({actual}, boto3 {boto3.__version__}): {failure}", file=sys.stderr)
        return 1
    except ClientError as error:
        traceback.print_exc()
        print(f"FAIL {argv[1]} ({actual}, boto3 {boto3.__version__}): unexpected error {error.response.get('Error')} "
              f"HTTP {error.response['ResponseMetadata'].get('HTTPStatusCode')}", file=sys.stderr)
        return 1
    except KeyError as error:
        traceback.print_exc()
        # botocore's Query parser looks up <OpResult> unconditionally; AWS always sends it, empty when there is nothing.
        print(f"FAIL {argv[1]} ({actual}, boto3 {boto3.__version__}): unexpected {error!r} - a Query response "
              f"without its <{error.args[0]}> element cannot be parsed by this botocore", file=sys.stderr)
        return 1
    except Exception as error:  # any other failure is reported with its traceback
        traceback.print_exc()
        print(f"FAIL {argv[1]} ({actual}, boto3 {boto3.__version__}): unexpected {error!r}", file=sys.stderr)
        return 1
    print(f"ok {argv[1]} ({actual}, boto3 {boto3.__version__}, {RESPONSES_CHECKED[0]} responses with x-amzn-RequestId)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
