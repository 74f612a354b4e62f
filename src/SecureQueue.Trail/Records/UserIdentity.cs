using System.Text.Json;

namespace SecureQueue.Trail.Records;

/// <summary>
/// CloudTrail's <c>userIdentity</c> for each way a caller can prove who it is. SigV4 callers are <c>IAMUser</c> (or
/// <c>AssumedRole</c>/<c>Root</c> by their ARN) with their access key; JWT callers are <c>WebIdentityUser</c>, their
/// principal id <c>issuer|subject</c> and <c>identityProvider</c> the issuer; client-certificate callers are
/// <c>X509Client</c>, a SecureQueue extension, with the certificate's subject and SHA-256 thumbprint. Every
/// authenticated caller also carries the identity's ARN and account, which SecureQueue maps every credential to.
/// A call whose authentication failed is <c>Unknown</c>, with the access key it named, if any. A front door request a
/// route served without credentials (method <c>Anonymous</c>) is written as CloudTrail writes anonymous requests:
/// <c>AWSAccount</c> with account <c>ANONYMOUS_PRINCIPAL</c> and an empty principal id.
/// </summary>
internal static class UserIdentity
{
    public static void Write(Utf8JsonWriter json, EventView view)
    {
        var arn = view.Text("principalArn");
        json.WriteStartObject("userIdentity");
        if (view.IsInternal)
        {
            json.WriteString("type", "AWSService");
            json.WriteString("invokedBy", arn);
        }
        else if (view.AuthenticationText("method") == "Anonymous")
        {
            json.WriteString("type", "AWSAccount");
            json.WriteString("principalId", string.Empty);
            json.WriteString("accountId", "ANONYMOUS_PRINCIPAL");
        }
        else if (arn is null)
        {
            json.WriteString("type", "Unknown");
            CloudTrailRecord.WriteOptional(json, "accessKeyId", view.Text("accessKeyId"));
        }
        else
        {
            Authenticated(json, view, arn);
        }

        json.WriteEndObject();
    }

    private static void Authenticated(Utf8JsonWriter json, EventView view, string arn)
    {
        var method = view.AuthenticationText("method");
        var credential = view.AuthenticationText("credentialId");
        json.WriteString("type", method switch
        {
            "Jwt" => "WebIdentityUser",
            "ClientCertificate" => "X509Client",
            _ => TypeOf(arn),
        });
        json.WriteString("principalId", credential ?? view.Text("accessKeyId") ?? arn);
        json.WriteString("arn", arn);
        if (ResourceName.Parse(arn) is { } parsed)
        {
            json.WriteString("accountId", parsed.AccountId);
        }

        CloudTrailRecord.WriteOptional(json, "accessKeyId", view.Text("accessKeyId"));
        CloudTrailRecord.WriteOptional(json, "userName", view.AuthenticationText("userName"));
        if (method == "Jwt" && credential?.Split('|', 2) is [var issuer, var subject])
        {
            json.WriteString("identityProvider", issuer);
            json.WriteStartObject("sessionContext");
            json.WriteStartObject("webIdFederationData");
            json.WriteString("federatedProvider", issuer);
            json.WriteStartObject("attributes");
            json.WriteString("sub", subject);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        else if (method == "ClientCertificate")
        {
            json.WriteStartObject("certificate");
            CloudTrailRecord.WriteOptional(json, "subject", view.AuthenticationText("certificateSubject"));
            CloudTrailRecord.WriteOptional(json, "sha256Thumbprint", credential?.StartsWith("x509:", StringComparison.Ordinal) == true ? credential[5..] : null);
            json.WriteEndObject();
        }
    }

    private static string TypeOf(string arn) => ResourceName.Parse(arn)?.Name switch
    {
        "root" => "Root",
        { } name when name.StartsWith("assumed-role/", StringComparison.Ordinal) || name.StartsWith("role/", StringComparison.Ordinal) => "AssumedRole",
        _ => "IAMUser",
    };
}
