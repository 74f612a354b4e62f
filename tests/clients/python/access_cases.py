"""Access: queue policies and permissions, identities and their credentials, STS, and the errors of calls no queue or parameter allows.

Cases of sqs_cases.py, which names the command line and environment; helpers come from sqs_support.py.
"""

import json
import os

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from sqs_support import (ACCOUNT, CaseFailed, NEW_QUEUE_ATTRIBUTES, REGION, _require_request_id, admin_client,
                         attributes, case, check, counts, create, endpoint, eq, expect_error, make_client, md5_of_body,
                         qname, queue_url, receive, receive_one, system_names)


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
def missing_required_parameter(c):
    unchecked = make_client(validate=False)
    _, url = create(c, "missing")
    expect_error(unchecked.send_message, "MissingParameter", 400, shape="MissingRequiredParameterException",
                 message="The request must contain the parameter MessageBody.", QueueUrl=url)
    expect_error(unchecked.delete_message, "MissingParameter", 400, shape="MissingRequiredParameterException",
                 message="The request must contain the parameter ReceiptHandle.", QueueUrl=url)
