"""What every SQS case script shares: clients of the gateway under test, checks, MD5s, the case registry and the runner.

sqs_cases.py describes the command line and environment; its cases live in the *_cases.py modules beside it, by area.
"""

import hashlib
import os
import struct
import sys
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


def entries(count, body="x"):
    return [{"Id": f"e{i}", "MessageBody": body} for i in range(count)]


# ---------------------------------------------------------------------------------------------- cases and runner

CASES = {}


def case(function):
    CASES[function.__name__] = function
    return function


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
