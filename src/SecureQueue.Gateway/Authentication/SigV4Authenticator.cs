using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using SecureQueue.Gateway.Authentication.SigV4;
using SecureQueue.Gateway.Identity;
using SecureQueue.Gateway.Sqs;
using SecureQueue.Gateway.Sqs.Errors;

namespace SecureQueue.Gateway.Authentication;

/// <summary>Turns a signed HTTP request into a <see cref="Caller"/>, or an SQS authentication error.</summary>
public sealed class SigV4Authenticator(SigV4Verifier verifier, IdentityStore identities)
{
    private static readonly SqsErrorCode MissingToken = new("com.amazon.coral.service", "MissingAuthenticationTokenException", "MissingAuthenticationToken", 403);
    private static readonly SqsErrorCode Incomplete = new("com.amazon.coral.service", "IncompleteSignatureException", "IncompleteSignature", 400);
    private static readonly SqsErrorCode InvalidToken = new("com.amazon.coral.service", "InvalidClientTokenId", "InvalidClientTokenId", 403);
    private static readonly SqsErrorCode BadSignature = new("com.amazon.coral.service", "SignatureDoesNotMatch", "SignatureDoesNotMatch", 403);
    private static readonly SqsErrorCode Expired = new("com.amazon.coral.service", "RequestExpired", "RequestExpired", 400);

    private const string AccessKeyItem = "secq.accessKeyId";

    /// <summary>The access key id the last authentication attempt on this request parsed, for the audit of a failure.</summary>
    public static string? LastAccessKeyId(HttpContext context) => context.Items.TryGetValue(AccessKeyItem, out var value) ? value as string : null;

    /// <summary>The caller, or the SQS authentication error.</summary>
    public Caller Authenticate(HttpContext context, ReadOnlyMemory<byte> body)
    {
        var request = context.Request;
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                headers.Add(new(name, value ?? string.Empty));
            }
        }

        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.Path + request.QueryString).ToString();
        var result = verifier.Verify(new SigV4Request(request.Method, rawTarget, headers, body));
        context.Items[AccessKeyItem] = result.AccessKeyId;
        if (!result.Succeeded)
        {
            var code = result.Failure switch
            {
                SigV4Failure.MissingAuthenticationToken => MissingToken,
                SigV4Failure.IncompleteSignature => Incomplete,
                SigV4Failure.InvalidClientTokenId => InvalidToken,
                SigV4Failure.RequestExpired => Expired,
                _ => BadSignature,
            };
            throw new SqsException(code, result.Message);
        }

        var identity = identities.Find(result.AccessKeyId!) ?? throw new SqsException(InvalidToken, "The security token included in the request is invalid.");
        return new Caller(identity.PrincipalArn, AuthenticationMethod.SigV4, result.AccessKeyId!, identity);
    }
}
