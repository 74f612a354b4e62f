using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using SecureQueue.Gateway.Authentication.SigV4;
using SecureQueue.Gateway.Identity;

namespace SecureQueue.Gateway.Authentication;

/// <summary>Turns a signed HTTP request into a <see cref="Caller"/>, or says why not.</summary>
public sealed class SigV4Authenticator(SigV4Verifiers verifiers, IdentitySource identities)
{
    /// <param name="service">The signing service the request's protocol answers for; a scope naming another fails.</param>
    /// <param name="allowUnsignedPayload">Accept <c>UNSIGNED-PAYLOAD</c> (the body is then not part of the signature).</param>
    public AuthenticationResult Authenticate(HttpContext context, ReadOnlyMemory<byte> body, string service, bool allowUnsignedPayload = false)
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
        var result = verifiers.For(service, allowUnsignedPayload).Verify(new SigV4Request(request.Method, rawTarget, headers, body));
        if (!result.Succeeded)
        {
            var failure = result.Failure switch
            {
                SigV4Failure.MissingAuthenticationToken => AuthenticationFailure.MissingCredentials,
                SigV4Failure.IncompleteSignature => AuthenticationFailure.IncompleteSignature,
                SigV4Failure.InvalidClientTokenId => AuthenticationFailure.UnknownCredential,
                SigV4Failure.RequestExpired => AuthenticationFailure.Expired,
                _ => AuthenticationFailure.SignatureMismatch,
            };
            return AuthenticationResult.Fail(failure, result.Message, result.AccessKeyId);
        }

        return identities.Current.Find(result.AccessKeyId!) is { } identity
            ? AuthenticationResult.Success(new Caller(identity.PrincipalArn, AuthenticationMethod.SigV4, result.AccessKeyId!, identity))
            : AuthenticationResult.Fail(AuthenticationFailure.UnknownCredential, SigV4Messages.InvalidClientTokenId, result.AccessKeyId);
    }
}
