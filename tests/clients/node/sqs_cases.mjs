// Functional cases for a running SecureQueue gateway, driven by the AWS SDK for JavaScript v3 (SQS JSON
// protocol). Expected outcomes are those of Amazon SQS (sqs-api.md), not of the gateway.
//
//   node sqs_cases.mjs <case-name>   run one case: exit 0 on success, 1 with the reason on failure
//   node sqs_cases.mjs --list        print the case names, one a line
//
// Environment: SECQ_ENDPOINT, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (the identity under test),
// NODE_EXTRA_CA_CERTS (the test CA), SECQ_ADMIN_ACCESS_KEY_ID / SECQ_ADMIN_SECRET_ACCESS_KEY for set-up as admin.
// The SDK checks body MD5s on SendMessage, SendMessageBatch and ReceiveMessage itself; md5_verification_is_on
// proves that check is active, so every other case also verifies the gateway's body MD5s.

import { createHash, randomUUID } from "node:crypto";
import {
  SQSClient,
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueueTagsCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
  UntagQueueCommand,
} from "@aws-sdk/client-sqs";
import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { Consumer } from "sqs-consumer";
import { CaseFailed, check, eq, pick } from "./case_args.mjs";

const ACCOUNT = "000000000000";
const REGION = "us-east-1";
const ENDPOINT = (process.env.SECQ_ENDPOINT ?? "").replace(/\/$/, "");
const NEW_QUEUE_ATTRIBUTES = [
  "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed", "ApproximateNumberOfMessagesNotVisible",
  "CreatedTimestamp", "DelaySeconds", "LastModifiedTimestamp", "MaximumMessageSize", "MessageRetentionPeriod",
  "QueueArn", "ReceiveMessageWaitTimeSeconds", "SqsManagedSseEnabled", "VisibilityTimeout",
];


const sorted = (values) => [...values].sort();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function client(credentials) {
  const sqs = new SQSClient({ endpoint: ENDPOINT, region: REGION, maxAttempts: 1, ...(credentials ? { credentials } : {}) });
  checkEveryCall(sqs);
  return sqs;
}

function adminClient() {
  const accessKeyId = process.env.SECQ_ADMIN_ACCESS_KEY_ID;
  const secretAccessKey = process.env.SECQ_ADMIN_SECRET_ACCESS_KEY;
  check(accessKeyId && secretAccessKey, "SECQ_ADMIN_ACCESS_KEY_ID / SECQ_ADMIN_SECRET_ACCESS_KEY are not set");
  return client({ accessKeyId, secretAccessKey });
}

// Every request must use the protocol SECQ_EXPECT_PROTOCOL names (the SDK's JSON), and every response, success
// or error, must carry x-amzn-RequestId.
function checkEveryCall(sqs) {
  sqs.middlewareStack.add((next) => async (args) => {
    const contentType = args.request.headers["content-type"] ?? args.request.headers["Content-Type"];
    const spoken = contentType === "application/x-amz-json-1.0" ? "json"
      : contentType?.startsWith("application/x-www-form-urlencoded") ? "query" : contentType;
    const expected = process.env.SECQ_EXPECT_PROTOCOL;
    check(!expected || spoken === expected, `the SDK speaks ${spoken}, expected ${expected}`);
    return next(args);
  }, { step: "build", name: "requireProtocol", priority: "low" });
  sqs.middlewareStack.add((next) => async (args) => {
    const result = await next(args);
    check(result.response.headers["x-amzn-requestid"], `HTTP ${result.response.statusCode} without x-amzn-RequestId`);
    return result;
  }, { step: "deserialize", name: "requireRequestId", priority: "low" });
  sqs.middlewareStack.add((next) => async (args) => {
    try {
      return await next(args);
    } catch (error) {
      if (error.$metadata?.httpStatusCode) {
        check(error.$metadata.requestId, `HTTP ${error.$metadata.httpStatusCode} error without a request id`);
      }
      throw error;
    }
  }, { step: "initialize", name: "requireErrorRequestId" });
}

const qname = (tag) => `js-${tag}-${randomUUID().replaceAll("-", "").slice(0, 12)}`;
const queueUrl = (name) => `${ENDPOINT}/${ACCOUNT}/${name}`;

async function create(sqs, tag, input = {}) {
  const name = qname(tag);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, ...input }));
  eq(QueueUrl, queueUrl(name), "CreateQueue QueueUrl");
  return { name, url: QueueUrl };
}

async function createFifo(sqs, tag, attributes = {}) {
  const name = `${qname(tag)}.fifo`;
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { FifoQueue: "true", ...attributes } }));
  eq(QueueUrl, queueUrl(name), "CreateQueue QueueUrl of a FIFO queue");
  return QueueUrl;
}

// Runs an sqs-consumer until done() holds (at most 30 s), failing on any error it reports.
async function consume(options, done) {
  const consumer = Consumer.create(options);
  const errors = [];
  consumer.on("error", (error) => errors.push(error));
  consumer.on("timeout_error", (error) => errors.push(error));
  consumer.start();
  const deadline = Date.now() + 30_000;
  try {
    while (!(await done())) {
      check(Date.now() < deadline, "the consumer did not finish within 30 s");
      await sleep(200);
    }
  } finally {
    consumer.stop({ abort: true });
  }
  check(errors.length === 0, `the consumer reported errors: ${errors.map((e) => e.message).join("; ")}`);
}

async function attributes(sqs, url, ...names) {
  return (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: names }))).Attributes ?? {};
}

async function counts(sqs, url) {
  const a = await attributes(sqs, url, "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed");
  return [a.ApproximateNumberOfMessages, a.ApproximateNumberOfMessagesNotVisible, a.ApproximateNumberOfMessagesDelayed].map(Number);
}

async function receive(sqs, url, input = {}) {
  return (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, ...input }))).Messages ?? [];
}

async function receiveOne(sqs, url, input = {}) {
  const messages = await receive(sqs, url, input);
  eq(messages.length, 1, "number of messages received");
  return messages[0];
}

async function expectError(promise, name, status, code) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CaseFailed) throw error;
    eq(error.name, name, "error name");
    eq(error.$metadata?.httpStatusCode, status, `HTTP status of ${name}`);
    if (code !== undefined) eq(error.Code, code, `legacy (Query) code of ${name}`);
    return error;
  }
  throw new CaseFailed(`request succeeded, expected ${name} (${status})`);
}

const md5 = (data) => createHash("md5").update(data).digest("hex");

function lengthPrefixed(bytes) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

// MD5OfMessageAttributes as sqs-api.md §3 defines it.
function md5OfAttributes(attrs) {
  const parts = [];
  for (const name of Object.keys(attrs).sort()) {
    const value = attrs[name];
    parts.push(lengthPrefixed(Buffer.from(name, "utf8")), lengthPrefixed(Buffer.from(value.DataType, "utf8")));
    if (value.StringValue !== undefined) {
      parts.push(Buffer.from([1]), lengthPrefixed(Buffer.from(value.StringValue, "utf8")));
    } else {
      parts.push(Buffer.from([2]), lengthPrefixed(Buffer.from(value.BinaryValue)));
    }
  }
  return md5(Buffer.concat(parts));
}

function sameAttributes(received, sent, what) {
  eq(sorted(Object.keys(received ?? {})), sorted(Object.keys(sent)), `${what}: attribute names`);
  for (const [name, value] of Object.entries(sent)) {
    const got = received[name];
    eq(got.DataType, value.DataType, `${what}: DataType of ${name}`);
    if (value.StringValue !== undefined) {
      eq(got.StringValue, value.StringValue, `${what}: StringValue of ${name}`);
    } else {
      eq(Buffer.from(got.BinaryValue).toString("hex"), Buffer.from(value.BinaryValue).toString("hex"), `${what}: BinaryValue of ${name}`);
    }
  }
}

const cases = {
  async create_get_url_list_and_delete_queue(sqs) {
    const tags = { team: "payments" };
    const { name, url } = await create(sqs, "queue", { Attributes: { VisibilityTimeout: "45" }, tags });
    eq(new URL(url).origin, new URL(ENDPOINT).origin, "queue URLs point at the gateway");
    eq((await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: "45" } }))).QueueUrl, url,
      "CreateQueue again with the same attributes");
    await expectError(sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: "46" } })),
      "QueueNameExists", 400, "QueueAlreadyExists");
    eq((await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl, url, "GetQueueUrl");
    const prefix = qname("list");
    const created = [];
    for (const i of [0, 1, 2]) {
      created.push((await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-${i}` }))).QueueUrl);
    }
    const first = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 2 }));
    eq(first.QueueUrls.length, 2, "first page with MaxResults=2");
    check(first.NextToken, "no NextToken on a partial page");
    const second = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 2, NextToken: first.NextToken }));
    eq(second.QueueUrls.length, 1, "second page");
    check(!second.NextToken, "NextToken on the last page");
    eq(sorted([...first.QueueUrls, ...second.QueueUrls]), sorted(created), "queues over both pages");
    eq((await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags, tags, "tags given to CreateQueue");
    await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    await expectError(sqs.send(new GetQueueUrlCommand({ QueueName: name })), "QueueDoesNotExist", 400);
    await expectError(sqs.send(new CreateQueueCommand({ QueueName: name })), "QueueDeletedRecently", 400,
      "AWS.SimpleQueueService.QueueDeletedRecently");
  },

  async queue_attributes(sqs) {
    const { name, url } = await create(sqs, "attrs");
    const all = await attributes(sqs, url, "All");
    eq(sorted(Object.keys(all)), sorted(NEW_QUEUE_ATTRIBUTES), "attribute names of a new queue");
    eq(all.QueueArn, `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`, "QueueArn");
    eq([all.VisibilityTimeout, all.MaximumMessageSize, all.MessageRetentionPeriod, all.SqsManagedSseEnabled],
      ["30", "1048576", "345600", "true"], "defaults");
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: "12", DelaySeconds: "3" } }));
    eq(await attributes(sqs, url, "VisibilityTimeout", "DelaySeconds"), { VisibilityTimeout: "12", DelaySeconds: "3" },
      "attributes after SetQueueAttributes");
    await expectError(sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["Foobar"] })),
      "InvalidAttributeName", 400, "InvalidAttributeName");
    await expectError(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: "50000" } })),
      "InvalidAttributeValue", 400, "InvalidAttributeValue");
  },

  async send_and_receive_with_attributes(sqs) {
    const { url } = await create(sqs, "send");
    const sent = {
      str: { DataType: "String", StringValue: "héllo ✓" },
      num: { DataType: "Number", StringValue: "42.5" },
      bin: { DataType: "Binary", BinaryValue: Uint8Array.from([0, 1, 2, 254, 255]) },
    };
    const body = "line1\r\nline2 😀 \"&quot;\"\r";
    const trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    const response = await sqs.send(new SendMessageCommand({
      QueueUrl: url, MessageBody: body, MessageAttributes: sent,
      MessageSystemAttributes: { AWSTraceHeader: { DataType: "String", StringValue: trace } },
    }));
    eq(response.MD5OfMessageBody, md5(Buffer.from(body, "utf8")), "MD5OfMessageBody");
    eq(response.MD5OfMessageAttributes, md5OfAttributes(sent), "MD5OfMessageAttributes");
    eq(response.MD5OfMessageSystemAttributes, "5ae4d5d7636402d80f4eb6d213245a88", "MD5OfMessageSystemAttributes");
    const message = await receiveOne(sqs, url, { MessageAttributeNames: [".*"], MessageSystemAttributeNames: ["All"] });
    eq(message.MessageId, response.MessageId, "MessageId");
    eq(message.Body, body, "Body (CR, CRLF, quotes and astral characters round-trip)");
    sameAttributes(message.MessageAttributes, sent, "received attributes");
    eq(message.MD5OfMessageAttributes, md5OfAttributes(sent), "received MD5OfMessageAttributes");
    eq(sorted(Object.keys(message.Attributes)),
      ["AWSTraceHeader", "ApproximateFirstReceiveTimestamp", "ApproximateReceiveCount", "SenderId", "SentTimestamp"],
      "system attributes with All");
    eq(message.Attributes.AWSTraceHeader, trace, "AWSTraceHeader");
    eq(message.Attributes.ApproximateReceiveCount, "1", "ApproximateReceiveCount");
    check(Math.abs(Number(message.Attributes.SentTimestamp) - Date.now()) < 60_000, "SentTimestamp is not epoch ms near now");
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 }));
    const bare = await receiveOne(sqs, url, { VisibilityTimeout: 0 });
    check(bare.Attributes === undefined && bare.MessageAttributes === undefined && bare.MD5OfMessageAttributes === undefined,
      "attributes returned though none were asked for");
    const filtered = await receiveOne(sqs, url, { VisibilityTimeout: 0, MessageAttributeNames: ["str", "nope"] });
    sameAttributes(filtered.MessageAttributes, { str: sent.str }, "filtered attributes");
    eq(filtered.MD5OfMessageAttributes, md5OfAttributes({ str: sent.str }), "MD5OfMessageAttributes of the filtered attributes");
  },

  async send_message_batch(sqs) {
    const { url } = await create(sqs, "batch");
    const attrs = { kind: { DataType: "String", StringValue: "batch" } };
    const response = await sqs.send(new SendMessageBatchCommand({
      QueueUrl: url,
      Entries: [
        { Id: "plain", MessageBody: "one" },
        { Id: "attrs", MessageBody: "two\r\n", MessageAttributes: attrs },
        { Id: "bad", MessageBody: "bell \u0008" },
      ],
    }));
    eq(sorted(response.Successful.map((e) => e.Id)), ["attrs", "plain"], "Successful ids");
    eq(response.Failed.map((e) => [e.Id, e.Code, e.SenderFault]), [["bad", "InvalidMessageContents", true]], "Failed entries");
    const byId = Object.fromEntries(response.Successful.map((e) => [e.Id, e]));
    eq(byId.attrs.MD5OfMessageAttributes, md5OfAttributes(attrs), "batch MD5OfMessageAttributes");
    eq(byId.plain.MD5OfMessageAttributes, undefined, "MD5OfMessageAttributes of an entry without attributes");
    const messages = await receive(sqs, url, { MaxNumberOfMessages: 10, MessageAttributeNames: [".*"] });
    eq(sorted(messages.map((m) => m.Body)), ["one", "two\r\n"], "bodies received");
    await expectError(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [] })), "EmptyBatchRequest", 400,
      "AWS.SimpleQueueService.EmptyBatchRequest");
    await expectError(sqs.send(new SendMessageBatchCommand({
      QueueUrl: url, Entries: Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, MessageBody: "x" })),
    })), "TooManyEntriesInBatchRequest", 400, "AWS.SimpleQueueService.TooManyEntriesInBatchRequest");
    await expectError(sqs.send(new SendMessageBatchCommand({
      QueueUrl: url, Entries: [{ Id: "same", MessageBody: "a" }, { Id: "same", MessageBody: "b" }],
    })), "BatchEntryIdsNotDistinct", 400, "AWS.SimpleQueueService.BatchEntryIdsNotDistinct");
  },

  async delete_message_and_batch(sqs) {
    const { url } = await create(sqs, "delete");
    await sqs.send(new SendMessageBatchCommand({
      QueueUrl: url, Entries: [0, 1, 2].map((i) => ({ Id: `m${i}`, MessageBody: `body-${i}` })),
    }));
    const messages = await receive(sqs, url, { MaxNumberOfMessages: 10, VisibilityTimeout: 30 });
    eq(messages.length, 3, "messages received");
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: messages[0].ReceiptHandle }));
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: messages[0].ReceiptHandle }));
    const response = await sqs.send(new DeleteMessageBatchCommand({
      QueueUrl: url,
      Entries: [
        { Id: "a", ReceiptHandle: messages[1].ReceiptHandle },
        { Id: "b", ReceiptHandle: messages[2].ReceiptHandle },
        { Id: "bad", ReceiptHandle: "garbage" },
      ],
    }));
    eq(sorted(response.Successful.map((e) => e.Id)), ["a", "b"], "Successful ids");
    eq(response.Failed.map((e) => [e.Id, e.Code, e.SenderFault]), [["bad", "ReceiptHandleIsInvalid", true]], "Failed entries");
    eq(await counts(sqs, url), [0, 0, 0], "counters after deleting everything");
    await expectError(sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: "garbage" })),
      "ReceiptHandleIsInvalid", 404, "ReceiptHandleIsInvalid");
  },

  async change_message_visibility_and_batch(sqs) {
    const { url } = await create(sqs, "visibility");
    await sqs.send(new SendMessageBatchCommand({
      QueueUrl: url, Entries: [{ Id: "a", MessageBody: "soon" }, { Id: "b", MessageBody: "later" }],
    }));
    const messages = Object.fromEntries((await receive(sqs, url, { MaxNumberOfMessages: 10, VisibilityTimeout: 30 }))
      .map((m) => [m.Body, m]));
    eq(sorted(Object.keys(messages)), ["later", "soon"], "messages received");
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: messages.soon.ReceiptHandle, VisibilityTimeout: 0 }));
    const again = await receiveOne(sqs, url, { MessageSystemAttributeNames: ["ApproximateReceiveCount"] });
    eq([again.Body, again.Attributes.ApproximateReceiveCount], ["soon", "2"], "message made visible by visibility 0");
    const response = await sqs.send(new ChangeMessageVisibilityBatchCommand({
      QueueUrl: url,
      Entries: [
        { Id: "soon", ReceiptHandle: again.ReceiptHandle, VisibilityTimeout: 0 },
        { Id: "later", ReceiptHandle: messages.later.ReceiptHandle, VisibilityTimeout: 60 },
        { Id: "bad", ReceiptHandle: "garbage", VisibilityTimeout: 0 },
      ],
    }));
    eq(sorted(response.Successful.map((e) => e.Id)), ["later", "soon"], "Successful ids");
    eq(response.Failed.map((e) => [e.Id, e.Code, e.SenderFault]), [["bad", "ReceiptHandleIsInvalid", true]], "Failed entries");
    const visible = await receive(sqs, url, { MaxNumberOfMessages: 10 });
    eq(visible.map((m) => m.Body), ["soon"], "messages visible after the batch");
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: visible[0].ReceiptHandle }));
    await expectError(sqs.send(new ChangeMessageVisibilityCommand({
      QueueUrl: url, ReceiptHandle: visible[0].ReceiptHandle, VisibilityTimeout: 5,
    })), "InvalidParameterValue", 400, "InvalidParameterValue");
  },

  async tags(sqs) {
    const { url } = await create(sqs, "tags");
    eq((await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags ?? {}, {}, "tags of a new queue");
    await sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { a: "1", b: "2" } }));
    await sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { b: "3" } }));
    eq((await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags, { a: "1", b: "3" }, "tags after TagQueue");
    await sqs.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: ["a"] }));
    eq((await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags, { b: "3" }, "tags after UntagQueue");
  },

  async purge_queue(sqs) {
    const { name, url } = await create(sqs, "purge");
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "a" }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "b", DelaySeconds: 60 }));
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    eq(await counts(sqs, url), [0, 0, 0], "counters after purge");
    const error = await expectError(sqs.send(new PurgeQueueCommand({ QueueUrl: url })), "PurgeQueueInProgress", 403,
      "AWS.SimpleQueueService.PurgeQueueInProgress");
    eq(error.message, `Only one PurgeQueue operation on ${name} is allowed every 60 seconds.`, "PurgeQueueInProgress message");
  },

  async long_poll_returns_when_message_arrives(sqs) {
    const { url } = await create(sqs, "long");
    const started = Date.now();
    const sending = sleep(1000).then(() => client().send(new SendMessageCommand({ QueueUrl: url, MessageBody: "arrived" })));
    const message = await receiveOne(sqs, url, { WaitTimeSeconds: 10 });
    const elapsed = (Date.now() - started) / 1000;
    await sending;
    eq(message.Body, "arrived", "long-polled body");
    check(elapsed >= 0.9 && elapsed < 4, `long poll returned after ${elapsed}s; the message was sent after 1s of a 10s wait`);
  },

  async md5_verification_is_on(sqs) {
    const { url } = await create(sqs, "md5");
    // Corrupt the MD5 once deserialised (serialize step: inside the SDK's initialize-step check, which must then refuse it).
    const tampered = client();
    tampered.middlewareStack.add((next) => async (args) => {
      const result = await next(args);
      if (result.output.MD5OfMessageBody) result.output.MD5OfMessageBody = "0".repeat(32);
      for (const message of result.output.Messages ?? []) message.MD5OfBody = "0".repeat(32);
      return result;
    }, { step: "serialize", name: "corruptMd5" });
    let refused = false;
    try {
      await tampered.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "checked" }));
    } catch (error) {
      refused = /checksum/i.test(error.message);
    }
    check(refused, "the SDK accepted a SendMessage response with a wrong MD5OfMessageBody: MD5 checking is off");
    refused = false;
    try {
      await tampered.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0 }));
    } catch (error) {
      refused = /checksum/i.test(error.message);
    }
    check(refused, "the SDK accepted a ReceiveMessage response with a wrong MD5OfBody: MD5 checking is off");
    eq((await receiveOne(sqs, url)).Body, "checked", "the untampered client accepts the gateway's MD5s");
  },

  async queue_does_not_exist_error(sqs) {
    const name = qname("missing");
    const error = await expectError(sqs.send(new GetQueueUrlCommand({ QueueName: name })), "QueueDoesNotExist", 400,
      "AWS.SimpleQueueService.NonExistentQueue");
    eq(error.$fault, "client", "$fault");
    await expectError(sqs.send(new SendMessageCommand({ QueueUrl: queueUrl(name), MessageBody: "m" })), "QueueDoesNotExist", 400);
    await expectError(sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl(name) })), "QueueDoesNotExist", 400);
  },

  async queue_url_as_endpoint(sqs) {
    const { url } = await create(sqs, "urlendpoint");
    // No endpoint: the SDK resolves sqs.us-east-1.amazonaws.com, then sends to the queue URL's origin instead.
    const viaUrl = new SQSClient({ region: REGION, maxAttempts: 1, useQueueUrlAsEndpoint: true, logger: { debug() {}, info() {}, warn() {}, error() {} } });
    await viaUrl.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "routed by queue URL" }));
    eq((await receiveOne(viaUrl, url)).Body, "routed by queue URL", "body received through the queue URL's origin");
  },

  async sts_get_caller_identity(sqs) {
    const quiet = { debug() {}, info() {}, warn() {}, error() {} };
    const sts = new STSClient({ region: REGION, endpoint: ENDPOINT, maxAttempts: 1, logger: quiet });
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    eq(identity.Account, ACCOUNT, "Account");
    eq(identity.UserId, process.env.AWS_ACCESS_KEY_ID, "UserId (the access key id)");
    check(identity.Arn?.startsWith(`arn:aws:iam::${ACCOUNT}:user/`), `Arn ${identity.Arn}`);
    const forged = new STSClient({
      region: REGION, endpoint: ENDPOINT, maxAttempts: 1, logger: quiet,
      credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: "not-the-secret" },
    });
    await expectError(forged.send(new GetCallerIdentityCommand({})), "SignatureDoesNotMatch", 403);
    await sqs.send(new ListQueuesCommand({ QueueNamePrefix: qname("after-sts") }));
  },

  async sender_access_denied(sqs) {
    const admin = adminClient();
    const { QueueUrl: url } = await admin.send(new CreateQueueCommand({ QueueName: qname("sender") }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "from sender" }));
    await expectError(sqs.send(new ReceiveMessageCommand({ QueueUrl: url })), "AccessDenied", 403, "AccessDenied");
    await expectError(sqs.send(new CreateQueueCommand({ QueueName: qname("sender") })), "AccessDenied", 403, "AccessDenied");
    eq((await receiveOne(admin, url)).Body, "from sender", "the admin receives the sender's message");
  },

  async fifo_queue_attributes(sqs) {
    const name = `${qname("fifo")}.fifo`;
    const { QueueUrl: url } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { FifoQueue: "true" } }));
    eq(url, queueUrl(name), "CreateQueue QueueUrl of a FIFO queue");
    const all = await attributes(sqs, url, "All");
    eq(sorted(Object.keys(all)), sorted([...NEW_QUEUE_ATTRIBUTES, "FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit"]),
      "attribute names of a new FIFO queue");
    eq([all.FifoQueue, all.ContentBasedDeduplication, all.DeduplicationScope, all.FifoThroughputLimit], ["true", "false", "queue", "perQueue"], "FIFO defaults");
    await expectError(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { FifoQueue: "true" } })),
      "InvalidAttributeValue", 400, "InvalidAttributeValue");
    await expectError(sqs.send(new CreateQueueCommand({ QueueName: qname("std"), Attributes: { FifoQueue: "true" } })),
      "InvalidParameterValue", 400, "InvalidParameterValue");
    await expectError(sqs.send(new CreateQueueCommand({ QueueName: qname("std"), Attributes: { FifoThroughputLimit: "perQueue" } })),
      "InvalidAttributeName", 400, "InvalidAttributeName");
    await expectError(sqs.send(new CreateQueueCommand({
      QueueName: `${qname("ht")}.fifo`, Attributes: { FifoQueue: "true", FifoThroughputLimit: "perMessageGroupId" },
    })), "InvalidAttributeValue", 400, "InvalidAttributeValue");
  },

  async fifo_send_receive_order_and_deduplication(sqs) {
    const url = await createFifo(sqs, "fifo-send");
    await expectError(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "m", MessageDeduplicationId: "d" })),
      "MissingParameter", 400, "MissingParameter");
    await expectError(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "m", MessageGroupId: "g" })),
      "InvalidParameterValue", 400, "InvalidParameterValue");
    await expectError(sqs.send(new SendMessageCommand({
      QueueUrl: url, MessageBody: "m", MessageGroupId: "g", MessageDeduplicationId: "d", DelaySeconds: 3,
    })), "InvalidParameterValue", 400, "InvalidParameterValue");
    const sent = [];
    for (const [body, group] of [["a1", "a"], ["b1", "b"], ["a2", "a"], ["a3", "a"]]) {
      sent.push(await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: group, MessageDeduplicationId: body })));
    }
    const duplicate = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x", MessageGroupId: "b", MessageDeduplicationId: "a1" }));
    eq([duplicate.MessageId, duplicate.SequenceNumber], [sent[0].MessageId, sent[0].SequenceNumber], "a duplicate answers with the original");
    check(BigInt(sent[0].SequenceNumber) < BigInt(sent[2].SequenceNumber) && BigInt(sent[2].SequenceNumber) < BigInt(sent[3].SequenceNumber),
      "sequence numbers increase within group a");
    const got = await receive(sqs, url, { MaxNumberOfMessages: 2, MessageSystemAttributeNames: ["All"], VisibilityTimeout: 30, ReceiveRequestAttemptId: "try-1" });
    eq(got.map((m) => m.Body), ["a1", "a2"], "as many of the oldest group as asked, in order");
    eq(got.map((m) => [m.Attributes.MessageGroupId, m.Attributes.MessageDeduplicationId, m.Attributes.SequenceNumber]),
      [["a", "a1", sent[0].SequenceNumber], ["a", "a2", sent[2].SequenceNumber]], "FIFO system attributes");
    const retry = await receive(sqs, url, { MaxNumberOfMessages: 2, VisibilityTimeout: 30, ReceiveRequestAttemptId: "try-1" });
    eq(retry.map((m) => m.ReceiptHandle), got.map((m) => m.ReceiptHandle), "a retried attempt: the same receipt handles");
    eq((await receive(sqs, url, { MaxNumberOfMessages: 10 })).map((m) => m.Body), ["b1"], "group a is locked; b flows");
  },

  async fifo_batch_and_dead_letter_queue(sqs) {
    const dlq = await createFifo(sqs, "fifo-dlq");
    const dlqArn = (await attributes(sqs, dlq, "QueueArn")).QueueArn;
    const url = await createFifo(sqs, "fifo-src", { ContentBasedDeduplication: "true", RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) });
    await expectError(sqs.send(new SendMessageBatchCommand({
      QueueUrl: url, Entries: [{ Id: "a", MessageBody: "a", MessageGroupId: "g" }, { Id: "b", MessageBody: "b" }],
    })), "InvalidParameterValue", 400, "InvalidParameterValue");
    const batch = await sqs.send(new SendMessageBatchCommand({
      QueueUrl: url, Entries: [{ Id: "a", MessageBody: "a", MessageGroupId: "g" }, { Id: "b", MessageBody: "a", MessageGroupId: "g" }],
    }));
    eq(batch.Successful.map((e) => e.MessageId)[0], batch.Successful.map((e) => e.MessageId)[1], "same body: the second entry is a duplicate");
    eq((await receiveOne(sqs, url, { VisibilityTimeout: 0 })).Body, "a", "first delivery");
    eq(await receive(sqs, url), [], "over maxReceiveCount: moved");
    const moved = await receiveOne(sqs, dlq, { MessageSystemAttributeNames: ["All"] });
    eq([moved.MessageId, moved.Attributes.MessageDeduplicationId, moved.Attributes.MessageGroupId], [batch.Successful[0].MessageId, batch.Successful[0].MessageId, "g"],
      "on the dead-letter queue: same id, dedup id = message id, same group");
  },

  async sqs_consumer_drives_fifo_queue(sqs) {
    const url = await createFifo(sqs, "fifo-consumer", { ContentBasedDeduplication: "true", VisibilityTimeout: "10" });
    const groups = ["g1", "g2", "g3", "g4"];
    for (let i = 0; i < 24; i += 4) {
      await sqs.send(new SendMessageBatchCommand({
        QueueUrl: url, Entries: groups.map((g, j) => ({ Id: `e${i + j}`, MessageBody: `${g}:${i / 4}`, MessageGroupId: g })),
      }));
    }
    const seen = [];
    await consume({ queueUrl: url, sqs, batchSize: 5, waitTimeSeconds: 1, suppressFifoWarning: true,
      handleMessageBatch: async (messages) => { seen.push(...messages.map((m) => m.Body)); return messages; } }, () => seen.length >= 24);
    for (const g of groups) {
      eq(seen.filter((b) => b.startsWith(`${g}:`)), [0, 1, 2, 3, 4, 5].map((n) => `${g}:${n}`), `group ${g} consumed once each, in order`);
    }
    eq(await counts(sqs, url), [0, 0, 0], "every message deleted by the consumer");
  },

  async sqs_consumer_standard_queue_with_dead_letter_queue(sqs) {
    const { url: dlq } = await create(sqs, "consumer-dlq");
    const dlqArn = (await attributes(sqs, dlq, "QueueArn")).QueueArn;
    const { url } = await create(sqs, "consumer-src", { Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }) } });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "poison" }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "fine" }));
    const attempts = { poison: 0, fine: 0 };
    await consume({ queueUrl: url, sqs, waitTimeSeconds: 1, terminateVisibilityTimeout: true, handleMessage: async (message) => {
      attempts[message.Body] += 1;
      if (message.Body === "poison") throw new Error("cannot process");
      return message;
    } }, async () => attempts.fine >= 1 && attempts.poison >= 2 && (await counts(sqs, dlq))[0] === 1);
    eq(attempts, { poison: 2, fine: 1 }, "the poison message is tried maxReceiveCount times, the good one once");
    eq(await counts(sqs, url), [0, 0, 0], "the source is empty");
    const moved = await receiveOne(sqs, dlq, { MessageSystemAttributeNames: ["ApproximateReceiveCount"] });
    eq([moved.Body, moved.Attributes.ApproximateReceiveCount], ["poison", "3"], "the poison message on the dead-letter queue");
  },
};

async function main(argv) {
  const run = pick(argv, cases, "sqs_cases.mjs");
  if (typeof run === "number") {
    return run;
  }
  const sqs = client();
  if (sqs.config.md5 === false || typeof sqs.config.md5 !== "function") {
    console.error(`FAIL ${argv[0]}: the SDK's MD5 checking is not configured`);
    return 1;
  }
  try {
    await run(sqs);
  } catch (error) {
    const where = error.stack?.split("\n").find((line) => line.includes("sqs_cases.mjs") && !line.includes("at eq ")
      && !line.includes("at check ") && !line.includes("at receiveOne ") && !line.includes("at expectError "))?.trim();
    const detail = error instanceof CaseFailed ? `${error.message} (${where})`
      : `unexpected ${error.name}: ${error.message} (HTTP ${error.$metadata?.httpStatusCode}, Code ${error.Code})\n${error.stack}`;
    console.error(`FAIL ${argv[0]} (json, @aws-sdk/client-sqs): ${detail}`);
    return 1;
  }
  console.log(`ok ${argv[0]} (json, @aws-sdk/client-sqs)`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
