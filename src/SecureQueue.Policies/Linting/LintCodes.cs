namespace SecureQueue.Policies.Linting;

/// <summary>
/// Stable lint codes, named like Access Analyzer issue codes where Access Analyzer has the check. Grammar errors keep their
/// <see cref="Documents.PolicyErrorCodes"/> code and are reported as ERROR.
/// </summary>
public static class LintCodes
{
    /// <summary>ERROR: an <c>sqs:</c>, <c>kms:</c>, <c>execute-api:</c> or <c>cloudtrail:</c> action that names no action of that service (a typo grants or denies nothing).</summary>
    public const string UnknownAction = "UNKNOWN_ACTION";

    /// <summary>ERROR: a condition key that is neither a global <c>aws:</c> key the gateway knows nor an SQS tag key; it is never present.</summary>
    public const string UnknownConditionKey = "UNKNOWN_CONDITION_KEY";

    /// <summary>SECURITY_WARNING: an Allow to everyone (<c>"*"</c>) without a condition that narrows who can call.</summary>
    public const string PublicAccess = "PUBLIC_ACCESS";

    /// <summary>SECURITY_WARNING: a queue policy without a Deny for everyone when <c>aws:SecureTransport</c> is false.</summary>
    public const string MissingSecureTransportDeny = "MISSING_SECURE_TRANSPORT_DENY";

    /// <summary>SECURITY_WARNING: an Allow to a service principal without <c>aws:SourceArn</c> or <c>aws:SourceAccount</c> (confused deputy).</summary>
    public const string RestrictAccessToServicePrincipal = "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL";

    /// <summary>SECURITY_WARNING: Allow with NotPrincipal grants everyone not listed, anonymous callers included.</summary>
    public const string AllowWithNotPrincipal = "ALLOW_WITH_NOT_PRINCIPAL";

    /// <summary>SECURITY_WARNING: ForAllValues on a single-valued key is true whenever the key is absent.</summary>
    public const string ForAllValuesWithSingleValuedKey = "FOR_ALL_VALUES_WITH_SINGLE_VALUED_KEY";

    /// <summary>WARNING: an Allow whose wildcard action or NotAction covers write or permission-management actions.</summary>
    public const string WildcardWriteAction = "WILDCARD_WRITE_ACTION";

    /// <summary>WARNING: an action of a service this gateway does not serve; it never matches a request.</summary>
    public const string UnsupportedServiceInAction = "UNSUPPORTED_SERVICE_IN_ACTION";

    /// <summary>WARNING: an action that needs no permission (<c>sts:GetCallerIdentity</c>): no policy can allow or deny it.</summary>
    public const string ActionNeedsNoPermission = "ACTION_NEEDS_NO_PERMISSION";

    /// <summary>WARNING: a queue-policy Allow naming an owner-only action, which queue policies cannot grant.</summary>
    public const string OwnerOnlyActionInQueuePolicy = "OWNER_ONLY_ACTION_IN_QUEUE_POLICY";

    /// <summary>WARNING: an Allow that an unconditional Deny in the same document always overrides.</summary>
    public const string ShadowedByDeny = "SHADOWED_BY_DENY";

    /// <summary>WARNING: no Version, so the document is read as 2008-10-17 and <c>${…}</c> is literal text.</summary>
    public const string MissingVersion = "MISSING_VERSION";

    /// <summary>SUGGESTION: a statement identical to an earlier one except for its Sid.</summary>
    public const string RedundantStatement = "REDUNDANT_STATEMENT";

    /// <summary>SUGGESTION: a statement whose effect another statement of the same effect already has whenever it applies.</summary>
    public const string ShadowedStatement = "SHADOWED_STATEMENT";

    /// <summary>SUGGESTION: <c>ForAllValues:Null</c> is always true and <c>ForAnyValue:Null</c> always false.</summary>
    public const string NullWithQualifier = "NULL_WITH_QUALIFIER";
}
