"""Receive one message from a SecureQueue queue and verify the gateway's signature (standard library + boto3).

    SECQ_ENDPOINT=https://localhost:8443 SECQ_SIGNING_KEY=<base64 from `secq keys signing-key --queue NAME`> \
        python3 verify_signature.py QUEUE_URL [--tamper]

Exit 0: signature valid. Exit 3: invalid. --tamper changes the body before checking (the check must then fail).
"""
import base64
import hashlib
import hmac
import os
import struct
import sys

import boto3


def field(data):
    return struct.pack(">I", len(data)) + data


def canonical(queue_arn, message_id, sender, sent_ms, body, attributes):
    """attributes: {name: (data_type, str or bytes)}; the encoding of src/SecureQueue.Crypto/Signatures/README.md."""
    out = field(queue_arn.encode()) + field(message_id.encode()) + field(sender.encode())
    out += field(struct.pack(">q", sent_ms)) + field(body.encode()) + struct.pack(">I", len(attributes))
    for name in sorted(attributes, key=lambda n: n.encode()):
        data_type, value = attributes[name]
        binary = data_type.startswith("Binary")
        out += field(name.encode()) + field(data_type.encode()) + (b"\x02" if binary else b"\x01")
        out += field(value if binary else value.encode())
    return out


def main():
    queue_url, tamper = sys.argv[1], "--tamper" in sys.argv
    sqs = boto3.client("sqs", endpoint_url=os.environ["SECQ_ENDPOINT"])
    # "All" alone returns only the sender's attributes; the signature attributes must be asked for (secq.*).
    message = sqs.receive_message(QueueUrl=queue_url, MessageAttributeNames=["All", "secq.*"],
                                  AttributeNames=["SentTimestamp"], WaitTimeSeconds=5)["Messages"][0]
    attributes = message["MessageAttributes"]
    signature = base64.b64decode(attributes["secq.signature"]["StringValue"])
    key_id = attributes["secq.signature.key-id"]["StringValue"]
    queue_arn = key_id.split("#", 1)[0]
    user = {name: (value["DataType"], value.get("BinaryValue", value.get("StringValue")))
            for name, value in attributes.items() if not name.startswith("secq.")}
    body = message["Body"] + ("!" if tamper else "")
    signed = canonical(queue_arn, message["MessageId"], attributes["secq.sender"]["StringValue"],
                       int(message["Attributes"]["SentTimestamp"]), body, user)
    expected = hmac.new(base64.b64decode(os.environ["SECQ_SIGNING_KEY"]), signed, hashlib.sha256).digest()
    if hmac.compare_digest(expected, signature):
        print(f"valid signature from {attributes['secq.sender']['StringValue']} ({key_id})")
        return 0
    print("INVALID signature")
    return 3


if __name__ == "__main__":
    sys.exit(main())
