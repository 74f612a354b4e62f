// Message move task cases (StartMessageMoveTask, ListMessageMoveTasks, CancelMessageMoveTask) for a running gateway,
// driven by the AWS SDK for JavaScript v3 (SQS JSON protocol). Same command line, environment and rules as
// sqs_cases.mjs; expected outcomes are Amazon SQS's.

import { randomUUID } from "node:crypto";
import {
  SQSClient,
  CancelMessageMoveTaskCommand,
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  StartMessageMoveTaskCommand,
} from "@aws-sdk/client-sqs";
import { CaseFailed, check, eq, pick } from "./case_args.mjs";

const ACCOUNT = "000000000000";
const REGION = "us-east-1";
const ENDPOINT = (process.env.SECQ_ENDPOINT ?? "").replace(/\/$/, "");


const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const arn = (name) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;
const qname = (tag) => `js-${tag}-${randomUUID().replaceAll("-", "").slice(0, 12)}`;

// Every request must be JSON, and every response, success or error, must carry x-amzn-RequestId.
function client() {
  const sqs = new SQSClient({ endpoint: ENDPOINT, region: REGION, maxAttempts: 1 });
  sqs.middlewareStack.add((next) => async (args) => {
    const type = args.request.headers["content-type"] ?? args.request.headers["Content-Type"];
    check(type === "application/x-amz-json-1.0", `the SDK speaks ${type}, expected JSON`);
    return next(args);
  }, { step: "build", name: "requireJson", priority: "low" });
  sqs.middlewareStack.add((next) => async (args) => {
    try {
      const result = await next(args);
      check(result.response.headers["x-amzn-requestid"], `HTTP ${result.response.statusCode} without x-amzn-RequestId`);
      return result;
    } catch (error) {
      if (error.$metadata?.httpStatusCode) check(error.$metadata.requestId, `HTTP ${error.$metadata.httpStatusCode} error without a request id`);
      throw error;
    }
  }, { step: "initialize", name: "requireRequestId" });
  return sqs;
}

async function create(sqs, tag, input = {}) {
  const name = qname(tag);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, ...input }));
  return { name, url: QueueUrl };
}

async function receive(sqs, url, input = {}) {
  return (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, ...input }))).Messages ?? [];
}

async function visible(sqs, url) {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["ApproximateNumberOfMessages"] }));
  return Number(Attributes.ApproximateNumberOfMessages);
}

// The SDK names an error by its legacy (Query) code, which SQS sends in x-amzn-query-error beside the JSON __type.
async function expectError(promise, name, status, message) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CaseFailed) throw error;
    eq(error.name, name, "error name");
    eq(error.$metadata?.httpStatusCode, status, `HTTP status of ${name}`);
    if (message !== undefined) eq(error.message, message, `message of ${name}`);
    return error;
  }
  throw new CaseFailed(`request succeeded, expected ${name} (${status})`);
}

// A source queue (visibility 0) whose dead-letter queue (maxReceiveCount 1) holds `count` of its messages.
async function deadLettered(sqs, tag, count, dlq = null) {
  const source = await create(sqs, `${tag}-src`, { Attributes: { VisibilityTimeout: "0" } });
  const target = dlq ?? await create(sqs, `${tag}-dlq`);
  await sqs.send(new SetQueueAttributesCommand({
    QueueUrl: source.url,
    Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn(target.name), maxReceiveCount: "1" }) },
  }));
  const bodies = [];
  for (let i = 0; i < count; i++) {
    bodies.push(`${tag}-${i}`);
    await sqs.send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: `${tag}-${i}` }));
  }
  for (let seen = 0; seen < count;) seen += (await receive(sqs, source.url, { VisibilityTimeout: 0 })).length;
  eq((await receive(sqs, source.url, { VisibilityTimeout: 0 })).length, 0, "receives over maxReceiveCount deliver nothing");
  return { source, dlq: target, bodies };
}

async function waitFor(sqs, sourceArn, status) {
  for (const deadline = Date.now() + 30_000; ; await sleep(200)) {
    const [entry] = (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: sourceArn }))).Results;
    if (entry.Status === status || Date.now() > deadline) {
      eq(entry.Status, status, "task status");
      return entry;
    }
  }
}

async function drain(sqs, url, expected) {
  const messages = [];
  for (const deadline = Date.now() + 20_000; messages.length < expected && Date.now() < deadline;) {
    messages.push(...await receive(sqs, url, { VisibilityTimeout: 60, WaitTimeSeconds: 1 }));
  }
  eq((await receive(sqs, url, { VisibilityTimeout: 60 })).length, 0, "nothing more in the queue");
  return messages;
}

const cases = {
  async move_task_to_destination(sqs) {
    const { dlq, bodies } = await deadLettered(sqs, "mv", 3);
    const dest = await create(sqs, "mv-dest");
    const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arn(dlq.name), DestinationArn: arn(dest.name) }));
    check(typeof TaskHandle === "string" && TaskHandle.length > 0, `TaskHandle ${TaskHandle}`);
    const entry = await waitFor(sqs, arn(dlq.name), "COMPLETED");
    eq(entry.ApproximateNumberOfMessagesMoved, 3, "ApproximateNumberOfMessagesMoved (a number)");
    eq(entry.ApproximateNumberOfMessagesToMove, 3, "ApproximateNumberOfMessagesToMove (a number)");
    eq(entry.DestinationArn, arn(dest.name), "DestinationArn");
    eq(entry.TaskHandle, undefined, "no TaskHandle once COMPLETED");
    check(typeof entry.StartedTimestamp === "number" && Math.abs(entry.StartedTimestamp - Date.now()) < 60_000, `StartedTimestamp ${entry.StartedTimestamp}`);
    eq((await drain(sqs, dest.url, 3)).map((m) => m.Body).sort(), [...bodies].sort(), "bodies in the destination");
    eq(await visible(sqs, dlq.url), 0, "the dead-letter queue is empty");
  },

  async move_task_default_destination_two_sources(sqs) {
    const dlq = await create(sqs, "mv-ab-dlq");
    const a = await deadLettered(sqs, "mv-a", 2, dlq);
    const b = await deadLettered(sqs, "mv-b", 2, dlq);
    await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arn(dlq.name) }));
    const entry = await waitFor(sqs, arn(dlq.name), "COMPLETED");
    eq(entry.DestinationArn, undefined, "no DestinationArn when none was given");
    eq((await drain(sqs, a.source.url, 2)).map((m) => m.Body).sort(), [...a.bodies].sort(), "back in source a");
    eq((await drain(sqs, b.source.url, 2)).map((m) => m.Body).sort(), [...b.bodies].sort(), "back in source b");
  },

  async move_task_cancel(sqs) {
    const { dlq } = await deadLettered(sqs, "mv-cancel", 8);
    const dest = await create(sqs, "mv-cancel-dest");
    const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({
      SourceArn: arn(dlq.name), DestinationArn: arn(dest.name), MaxNumberOfMessagesPerSecond: 1,
    }));
    await sleep(1200);
    const { ApproximateNumberOfMessagesMoved: atCancel } = await sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle }));
    check(typeof atCancel === "number" && atCancel < 8, `ApproximateNumberOfMessagesMoved ${atCancel}`);
    const entry = await waitFor(sqs, arn(dlq.name), "CANCELLED");
    check(entry.ApproximateNumberOfMessagesMoved >= atCancel && entry.ApproximateNumberOfMessagesMoved < 8, `moved ${entry.ApproximateNumberOfMessagesMoved}`);
    const moved = await drain(sqs, dest.url, entry.ApproximateNumberOfMessagesMoved);
    const left = await drain(sqs, dlq.url, 8 - moved.length);
    eq(moved.length + left.length, 8, "every message in one queue or the other");
    await expectError(sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle })), "InvalidParameterValue", 400);
  },

  async move_task_errors(sqs) {
    const plain = await create(sqs, "mv-plain");
    await expectError(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arn(plain.name) })), "InvalidParameterValue", 400,
      "Source queue must be configured as a Dead Letter Queue.");
    const { dlq } = await deadLettered(sqs, "mv-err", 2);
    await expectError(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arn(dlq.name), DestinationArn: arn(qname("missing")) })),
      "ResourceNotFoundException", 404, "The resource that you specified for the DestinationArn parameter doesn't exist.");
    await expectError(sqs.send(new ListMessageMoveTasksCommand({ SourceArn: arn(qname("missing")) })),
      "ResourceNotFoundException", 404, "The resource that you specified for the SourceArn parameter doesn't exist.");
    await expectError(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arn(dlq.name), MaxNumberOfMessagesPerSecond: 501 })),
      "InvalidParameterValue", 400);
    await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arn(dlq.name), MaxNumberOfMessagesPerSecond: 1 }));
    await expectError(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arn(dlq.name) })), "InvalidParameterValue", 400,
      "There is already a task running. Only one active task is allowed for a source queue arn at a given time.");
    const forged = Buffer.from(JSON.stringify({ taskId: randomUUID(), sourceArn: arn(dlq.name) })).toString("base64");
    await expectError(sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle: forged })), "InvalidParameterValue", 400,
      "Value for parameter TaskHandle is invalid.");
  },
};

async function main(argv) {
  const run = pick(argv, cases, "move_cases.mjs");
  if (typeof run === "number") {
    return run;
  }
  try {
    await run(client());
  } catch (error) {
    const detail = error instanceof CaseFailed ? error.message
      : `unexpected ${error.name}: ${error.message} (HTTP ${error.$metadata?.httpStatusCode})\n${error.stack}`;
    console.error(`FAIL ${argv[0]} (json, @aws-sdk/client-sqs): ${detail}`);
    return 1;
  }
  console.log(`ok ${argv[0]} (json, @aws-sdk/client-sqs)`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
