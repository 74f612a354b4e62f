using SecureQueue.Sqs.Errors;
using SecureQueue.Log.Events;
using SecureQueue.Log.Messages;
using SecureQueue.Log.Queues;
using SecureQueue.Gateway.Identity;

namespace SecureQueue.Sqs;

/// <summary>
/// Everything an action needs for one call: the call, its caller, its target and the services, and the request's
/// <c>RequestAborted</c> token, which fires when the client goes away (a long poll stops waiting then).
/// </summary>
internal sealed class SqsContext(
    ApiCall call, Caller caller, QueueTarget? target, QueueRecord? queue, AuditEnvelope envelope, SqsServices services, CancellationToken requestAborted = default)
{
    public ApiCall Call { get; } = call;

    public Caller Caller { get; } = caller;

    public AuditEnvelope Envelope { get; } = envelope;

    public SqsServices Services { get; } = services;

    /// <summary>Fires when the client disconnects. Only waits observe it: work already started still commits and is audited.</summary>
    public CancellationToken RequestAborted { get; } = requestAborted;

    public Protocol.SqsParameters Parameters => Call.Parameters;

    /// <summary>The queue named by the call; only for actions whose resource is a queue.</summary>
    public QueueTarget Target => target ?? throw new InvalidOperationException("This action has no queue target.");

    /// <summary>True once the call's event is committed, success or SQS failure.</summary>
    public bool Audited { get; private set; }

    /// <summary>
    /// The live queue the call targets as read to authorize it, or null when there is none. It may be up to
    /// <see cref="QueueDirectory.Lifetime"/> old: work prepared from it is checked again in the writer.
    /// </summary>
    public QueueRecord RequireAuthorizedQueue() => queue ?? throw SqsErrors.QueueDoesNotExist();

    /// <summary>The queue read to authorize the call, or null, for actions that word its absence their own way (the move tasks).</summary>
    public QueueRecord? AuthorizedQueueOrNull => queue;

    /// <summary>
    /// Runs the call's work in the log writer and returns its result once committed, or throws its SQS error. The writer
    /// reads the call's queue (and <paramref name="dataKey"/>, the key its messages are sealed with) for the whole batch
    /// first, and makes <paramref name="claim"/>, a standard receive's claim, <paramref name="delete"/>, a standard
    /// delete, <paramref name="visibility"/>, a visibility change, and <paramref name="place"/>, a FIFO send's placement,
    /// with the batch's other receives, deletes, changes and placements.
    /// </summary>
    public async Task<T> LogAsync<T>(
        Func<LogTransaction, ValueTask<Logged<T>>> work, Guid? dataKey = null, ClaimRequest? claim = null, DeleteRequest? delete = null,
        VisibilityRequest? visibility = null, PlacementRequest? place = null)
    {
        var queueKey = target is not null && NamesOwnQueue ? target.Key : (QueueKey?)null;
        var outcome = await Services.Writer.ExecuteAsync(Envelope, work, new Prefetch(queueKey, dataKey, claim, delete, visibility, place));

        // A long-poll attempt or a refused send may leave no event: the call is audited only once one is written.
        Audited |= outcome.Sequence is not null;
        return outcome.Result;
    }

    /// <summary>Appends the call's event for work already done outside the writer (a read); returns once committed.</summary>
    public async Task AppendAsync(EventType eventType, Action<System.Text.Json.Utf8JsonWriter>? detail = null)
    {
        await Services.Writer.AppendAsync(Envelope, eventType, detail);
        Audited = true;
    }

    /// <summary>The live queue the call targets, inside the writer's transaction.</summary>
    public async Task<QueueRecord> RequireQueueAsync(LogTransaction transaction) =>
        NamesOwnQueue ? await transaction.Queues.FindAsync(Target.Key) ?? throw SqsErrors.QueueDoesNotExist() : throw SqsErrors.QueueDoesNotExist();

    /// <summary>The live queue the call targets, read now on a pooled connection, for calls that change nothing.</summary>
    public async Task<QueueRecord> ReadQueueAsync() =>
        NamesOwnQueue ? await Services.Reader.FindAsync(Target.Key, CancellationToken.None) ?? throw SqsErrors.QueueDoesNotExist() : throw SqsErrors.QueueDoesNotExist();

    /// <summary>The live queue the call targets and its message counts, read now on a pooled connection.</summary>
    public async Task<(QueueRecord Queue, QueueCounts Counts)> ReadQueueWithCountsAsync() =>
        NamesOwnQueue ? await Services.Reader.FindWithCountsAsync(Target.Key, Services.Time.GetUtcNow(), CancellationToken.None) ?? throw SqsErrors.QueueDoesNotExist() : throw SqsErrors.QueueDoesNotExist();

    /// <summary>The data key this queue's new messages are sealed with (one per KmsDataKeyReusePeriodSeconds), leased in memory.</summary>
    public async Task<Gateway.Keys.DataKeyLease> LeaseDataKeyAsync(QueueRecord queue)
    {
        try
        {
            return await Services.Keys.LeaseAsync(queue, Queues.QueueSettings.Of(queue).KeyReusePeriodSeconds) ?? throw SqsErrors.QueueDoesNotExist();
        }
        catch (Crypto.Keys.KmsKeyNotFoundException)
        {
            throw SqsErrors.KmsNotFound(Queues.QueueSettings.Of(queue).KmsMasterKeyId ?? string.Empty);
        }
    }

    private bool NamesOwnQueue => Target.AccountId == Services.Options.AccountId && Queues.QueueNames.CouldExist(Target.Name);

    /// <summary>The region the call is for: its credential scope's, or the default one.</summary>
    public string Region => Call.Origin.Region ?? Services.Options.Region;

    /// <summary>
    /// A queue URL built from the Host the caller used, so callers behind any DNS name can reach it. A queue of the
    /// default region has AWS's path (<c>/account/name</c>); one of another served region carries it (<c>/region/account/name</c>).
    /// </summary>
    public string QueueUrl(string name) =>
        $"{(Call.Origin.SecureTransport ? "https" : "http")}://{Call.Origin.Host}/{(Region == Services.Options.Region ? string.Empty : Region + "/")}{Services.Options.AccountId}/{name}";

    public string QueueArn(string name) => $"arn:aws:sqs:{Region}:{Services.Options.AccountId}:{name}";

    /// <summary>A queue of the call's account and region.</summary>
    public QueueKey Key(string name) => new(Services.Options.AccountId, Region, name);
}
