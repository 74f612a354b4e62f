"""Queues: create, URL, list, delete, attributes, purge, tags and Regions.

Cases of sqs_cases.py, which names the command line and environment; helpers come from sqs_support.py.
"""

import os
import time
import uuid

import boto3
from botocore.config import Config

from sqs_support import (ACCOUNT, CaseFailed, NEW_QUEUE_ATTRIBUTES, REGION, attributes, case, check, counts, create,
                         endpoint, eq, expect_error, qname, queue_url, receive, receive_one)


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
