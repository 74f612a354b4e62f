#!/usr/bin/env python3
"""CloudTrail LookupEvents cases for a running SecureQueue gateway, driven by a real boto3 `cloudtrail` client.

Run by both python3 (current boto3) and Debian's /usr/bin/python3 (boto3 1.26); CloudTrail speaks AWS JSON 1.1 in
both. Expected outcomes are CloudTrail's (security-anchors.md §3.3), except that data events are included.

    python3 trail_cases.py <case-name>    run one case: exit 0 on success, 1 with the reason on failure
    python3 trail_cases.py --list         print the case names, one a line

Environment: as sqs_cases.py. Cases named auditor_... run as the trail auditor, sender_... as the send-only identity;
the admin's keys (SECQ_ADMIN_...) make the SQS activity the lookups look for.
"""

import datetime
import json
import os
import sys
import traceback
import uuid

import boto3
from case_args import pick
from botocore.config import Config
from botocore.exceptions import ClientError

from sqs_support import ACCOUNT, REGION, CaseFailed, check, eq

ATTRIBUTES = ["EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName", "EventSource", "AccessKeyId"]


def client(service, access_key_id=None, secret_access_key=None, validate=True):
    config = Config(region_name=REGION, retries={"max_attempts": 0}, parameter_validation=validate, connect_timeout=10, read_timeout=60)
    credentials = {} if access_key_id is None else {"aws_access_key_id": access_key_id, "aws_secret_access_key": secret_access_key}
    return boto3.session.Session().client(service, endpoint_url=os.environ["SECQ_ENDPOINT"].rstrip("/"), config=config, **credentials)


def admin_sqs():
    return client("sqs", os.environ["SECQ_ADMIN_ACCESS_KEY_ID"], os.environ["SECQ_ADMIN_SECRET_ACCESS_KEY"])


def queue_with_activity(sends=1, body="hello"):
    """An admin-made queue with some sends; returns its name and ARN."""
    sqs = admin_sqs()
    name = f"trail-{uuid.uuid4().hex[:12]}"
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    for _ in range(sends):
        sqs.send_message(QueueUrl=url, MessageBody=body)
    sqs.get_queue_url(QueueName=name)
    return name, f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"


def by(key, value, **kwargs):
    return dict(LookupAttributes=[{"AttributeKey": key, "AttributeValue": value}], **kwargs)


def record(event):
    check(isinstance(event["CloudTrailEvent"], str), "CloudTrailEvent must be a JSON string")
    return json.loads(event["CloudTrailEvent"])


def expect_error(call, code, **kwargs):
    try:
        call(**kwargs)
    except ClientError as error:
        eq(error.response["Error"]["Code"], code, f"error code of {kwargs}")
        eq(error.response["ResponseMetadata"]["HTTPStatusCode"], 400, f"HTTP status of {code}")
        check(error.response["ResponseMetadata"].get("RequestId"), f"{code} without a request id")
        return
    raise CaseFailed(f"{kwargs} succeeded, expected {code}")


# ------------------------------------------------------------------------------------------------------------- cases

def auditor_lookup_by_every_attribute(ct):
    name, arn = queue_with_activity()
    events = ct.lookup_events(**by("ResourceName", arn))["Events"]
    eq([e["EventName"] for e in events], ["GetQueueUrl", "SendMessage", "CreateQueue"], "the queue's events, newest first")
    newest = events[0]
    eq(newest["Resources"], [{"ResourceType": "AWS::SQS::Queue", "ResourceName": arn}], "Resources")
    check(isinstance(newest["EventTime"], datetime.datetime), "EventTime must parse as a timestamp")
    values = {
        "EventId": newest["EventId"], "EventName": "GetQueueUrl", "ReadOnly": "true", "Username": "admin",
        "ResourceType": "AWS::SQS::Queue", "ResourceName": arn, "EventSource": "sqs.amazonaws.com",
        "AccessKeyId": os.environ["SECQ_ADMIN_ACCESS_KEY_ID"],
    }
    for key in ATTRIBUTES:
        found = ct.lookup_events(**by(key, values[key]))["Events"]
        check(any(e["EventId"] == newest["EventId"] for e in found), f"{key}={values[key]} did not find the queue's newest event")
        for event in found:
            actual = {
                "EventId": event["EventId"], "EventName": event["EventName"], "ReadOnly": event.get("ReadOnly"),
                "Username": event.get("Username"), "EventSource": event["EventSource"], "AccessKeyId": event.get("AccessKeyId"),
                "ResourceType": (event["Resources"] or [{}])[0].get("ResourceType"),
                "ResourceName": (event["Resources"] or [{}])[0].get("ResourceName"),
            }[key]
            eq(actual, values[key], f"{key} of an event {key}={values[key]} returned")
    eq(len(ct.lookup_events(**by("EventId", newest["EventId"]))["Events"]), 1, "events with one EventId")


def auditor_pages_with_next_token(ct):
    _, arn = queue_with_activity(sends=4)
    pages, token = [], None
    while True:
        kwargs = by("ResourceName", arn, MaxResults=2)
        if token:
            kwargs["NextToken"] = token
        response = ct.lookup_events(**kwargs)
        pages.append(response["Events"])
        token = response.get("NextToken")
        if not token:
            break
    eq([len(p) for p in pages], [2, 2, 2], "page sizes")
    walked = [e["EventId"] for p in pages for e in p]
    eq(len(set(walked)), 6, "distinct events over the pages")
    paginated = [e["EventId"] for p in ct.get_paginator("lookup_events").paginate(**by("ResourceName", arn), PaginationConfig={"PageSize": 4}) for e in p["Events"]]
    eq(paginated, walked, "the paginator's events")
    first = ct.get_paginator("lookup_events").paginate(**by("ResourceName", arn), PaginationConfig={"PageSize": 2, "MaxItems": 3}).build_full_result()
    eq([e["EventId"] for e in first["Events"]], walked[:3], "the first three items")
    rest = ct.get_paginator("lookup_events").paginate(**by("ResourceName", arn), PaginationConfig={"PageSize": 2, "StartingToken": first["NextToken"]}).build_full_result()
    eq([e["EventId"] for e in rest["Events"]], walked[3:], "the items after the starting token")
    sequences = [record(e)["additionalEventData"]["logSequence"] for p in pages for e in p]
    eq(sequences, sorted(sequences, reverse=True), "newest first")


def auditor_time_window(ct):
    _, arn = queue_with_activity()
    events = ct.lookup_events(**by("ResourceName", arn))["Events"]
    oldest, newest = events[-1]["EventTime"], events[0]["EventTime"]
    eq(len(ct.lookup_events(**by("ResourceName", arn, StartTime=oldest, EndTime=newest))["Events"]), 3, "events inside the window, ends inclusive")
    eq(ct.lookup_events(**by("ResourceName", arn, EndTime=oldest - datetime.timedelta(seconds=1)))["Events"], [], "events before the first")
    eq(ct.lookup_events(**by("ResourceName", arn, StartTime=newest + datetime.timedelta(seconds=1)))["Events"], [], "events after the last")


def auditor_errors(ct):
    raw = client("cloudtrail", os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"], validate=False)
    two = [{"AttributeKey": "EventName", "AttributeValue": "a"}, {"AttributeKey": "Username", "AttributeValue": "b"}]
    expect_error(raw.lookup_events, "InvalidLookupAttributesException", LookupAttributes=two)
    expect_error(raw.lookup_events, "InvalidLookupAttributesException", LookupAttributes=[{"AttributeKey": "Color", "AttributeValue": "red"}])
    expect_error(raw.lookup_events, "InvalidLookupAttributesException", **by("EventName", "x" * 2001))
    expect_error(raw.lookup_events, "InvalidTimeRangeException", StartTime=datetime.datetime(2026, 1, 2), EndTime=datetime.datetime(2026, 1, 1))
    expect_error(raw.lookup_events, "InvalidMaxResultsException", MaxResults=51)
    expect_error(raw.lookup_events, "InvalidMaxResultsException", MaxResults=0)
    expect_error(raw.lookup_events, "InvalidNextTokenException", NextToken="bogus")
    token = ct.lookup_events(MaxResults=1)["NextToken"]
    expect_error(raw.lookup_events, "InvalidNextTokenException", MaxResults=2, NextToken=token)
    expect_error(raw.lookup_events, "InvalidEventCategoryException", EventCategory="management")
    expect_error(raw.lookup_events, "OperationNotPermittedException", EventCategory="insight")
    expect_error(raw.describe_trails, "UnsupportedOperationException")


def auditor_lookup_is_audited(ct):
    first = ct.lookup_events(**by("EventName", "PurgeQueue"))
    request_id = first["ResponseMetadata"]["RequestId"]
    found = [e for e in ct.lookup_events(**by("EventName", "LookupEvents"))["Events"] if record(e)["requestID"] == request_id]
    eq(len(found), 1, "the first lookup's own event")
    own = record(found[0])
    eq((own["eventSource"], own["eventName"], own["readOnly"], own["userIdentity"]["userName"]),
       ("cloudtrail.amazonaws.com", "LookupEvents", True, "auditor"), "the lookup's record")
    eq(own["requestParameters"]["lookupAttributes"], [{"attributeKey": "EventName", "attributeValue": "PurgeQueue"}], "requestParameters")


def auditor_record_has_no_message_body(ct):
    body = f"secret-{uuid.uuid4().hex}"
    _, arn = queue_with_activity(body=body)
    send = [e for e in ct.lookup_events(**by("ResourceName", arn))["Events"] if e["EventName"] == "SendMessage"]
    eq(len(send), 1, "send events")
    check(body not in json.dumps(send[0], default=str), "the message body appears in the lookup")
    sent = record(send[0])
    eq(sent["requestParameters"]["messageBody"], "HIDDEN_DUE_TO_SECURITY_REASONS", "messageBody in the record")
    eq((sent["eventID"], sent["eventCategory"]), (send[0]["EventId"], "Data"), "record id and category")


def auditor_cannot_use_sqs(_):
    sqs = client("sqs", os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"])
    try:
        sqs.list_queues()
    except ClientError as error:
        check(error.response["Error"]["Code"] in ("AccessDenied", "AccessDeniedException"), f"unexpected {error.response['Error']}")
        return
    raise CaseFailed("the auditor could list queues")


def sender_is_denied(ct):
    try:
        ct.lookup_events()
    except ClientError as error:
        eq(error.response["Error"]["Code"], "AccessDeniedException", "error code")
        check("cloudtrail:LookupEvents" in error.response["Error"]["Message"], "the message names the action")
        return
    raise CaseFailed("a send-only identity could look up events")


CASES = {f.__name__: f for f in [
    auditor_lookup_by_every_attribute, auditor_pages_with_next_token, auditor_time_window, auditor_errors,
    auditor_lookup_is_audited, auditor_record_has_no_message_body, auditor_cannot_use_sqs, sender_is_denied,
]}


def main(argv):
    function = pick(argv, CASES, "trail_cases.py")
    if isinstance(function, int):
        return function
    try:
        function(client("cloudtrail"))
    except CaseFailed as failure:
        print(f"FAIL {argv[1]} (boto3 {boto3.__version__}): {failure}", file=sys.stderr)
        return 1
    except Exception as error:  # any other failure is reported with its traceback
        traceback.print_exc()
        print(f"FAIL {argv[1]} (boto3 {boto3.__version__}): unexpected {error!r}", file=sys.stderr)
        return 1
    print(f"ok {argv[1]} (boto3 {boto3.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
