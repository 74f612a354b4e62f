namespace SecureQueue.Policies.Documents;

/// <summary>Stable error codes; named like IAM Access Analyzer issue codes where Access Analyzer has a check.</summary>
public static class PolicyErrorCodes
{
    /// <summary>The input is empty or only whitespace.</summary>
    public const string EmptyDocument = "EMPTY_DOCUMENT";

    /// <summary>The input is longer than <see cref="PolicyDocument.MaxLength"/> characters.</summary>
    public const string DocumentTooLarge = "DOCUMENT_TOO_LARGE";

    /// <summary>The input is not well-formed JSON (includes trailing content and comments).</summary>
    public const string JsonSyntaxError = "JSON_SYNTAX_ERROR";

    /// <summary>Objects or arrays nest deeper than <see cref="PolicyDocument.MaxDepth"/>.</summary>
    public const string JsonTooDeep = "JSON_TOO_DEEP";

    /// <summary>An array or object holds more than <see cref="PolicyDocument.MaxContainerItems"/> entries.</summary>
    public const string ContainerTooLarge = "CONTAINER_TOO_LARGE";

    /// <summary>The same key appears twice in one JSON object.</summary>
    public const string DuplicateKey = "DUPLICATE_KEY";

    /// <summary>Two condition keys under one operator differ only by case (keys are case-insensitive).</summary>
    public const string DuplicateKeysWithDifferentCase = "DUPLICATE_KEYS_WITH_DIFFERENT_CASE";

    /// <summary>More errors than are worth reporting; the rest were dropped.</summary>
    public const string TooManyErrors = "TOO_MANY_ERRORS";

    /// <summary>An element has the wrong JSON type (e.g. a number where a string is required).</summary>
    public const string InvalidElementType = "INVALID_ELEMENT_TYPE";

    /// <summary>An element name that the policy grammar does not define (names are case-sensitive).</summary>
    public const string InvalidPolicyElement = "INVALID_POLICY_ELEMENT";

    /// <summary>An element that this policy kind must not contain (e.g. Principal in an identity policy).</summary>
    public const string UnsupportedElement = "UNSUPPORTED_ELEMENT";

    /// <summary>Both an element and its Not-form in one statement (Action and NotAction, …).</summary>
    public const string UnsupportedElementCombination = "UNSUPPORTED_ELEMENT_COMBINATION";

    /// <summary>Version is neither 2012-10-17 nor 2008-10-17.</summary>
    public const string InvalidVersion = "INVALID_VERSION";

    /// <summary>Statement is missing or empty.</summary>
    public const string MissingStatement = "MISSING_STATEMENT";

    /// <summary>A Sid with characters the policy kind does not allow.</summary>
    public const string InvalidSid = "INVALID_SID";

    /// <summary>Two statements share a Sid.</summary>
    public const string UniqueSidsRequired = "UNIQUE_SIDS_REQUIRED";

    /// <summary>A statement has no Effect.</summary>
    public const string MissingEffect = "MISSING_EFFECT";

    /// <summary>Effect is not exactly <c>Allow</c> or <c>Deny</c>.</summary>
    public const string InvalidEffect = "INVALID_EFFECT";

    /// <summary>A guardrail statement with Effect Allow: guardrails can only deny.</summary>
    public const string AllowInGuardrail = "ALLOW_IN_GUARDRAIL";

    /// <summary>A resource-policy statement without Principal or NotPrincipal, or an empty principal list.</summary>
    public const string MissingPrincipal = "MISSING_PRINCIPAL";

    /// <summary>A principal key other than AWS, Service, Federated or CanonicalUser.</summary>
    public const string InvalidPrincipalKey = "INVALID_PRINCIPAL_KEY";

    /// <summary>An AWS principal that is not <c>*</c>, an account ID or an IAM/STS ARN.</summary>
    public const string InvalidPrincipalFormat = "INVALID_PRINCIPAL_FORMAT";

    /// <summary>A partial wildcard in a principal; only a whole <c>*</c> is allowed.</summary>
    public const string UnsupportedWildcardInPrincipal = "UNSUPPORTED_WILDCARD_IN_PRINCIPAL";

    /// <summary>A Service principal that is not a DNS-style service name.</summary>
    public const string InvalidServicePrincipalFormat = "INVALID_SERVICE_PRINCIPAL_FORMAT";

    /// <summary>A statement has no Action/NotAction, or an empty one.</summary>
    public const string MissingAction = "MISSING_ACTION";

    /// <summary>An action that is not <c>*</c> or <c>service:name</c>.</summary>
    public const string InvalidAction = "INVALID_ACTION";

    /// <summary>A statement has no Resource/NotResource, or an empty one.</summary>
    public const string MissingResource = "MISSING_RESOURCE";

    /// <summary>A resource that is not <c>*</c> or an ARN with a literal service segment.</summary>
    public const string InvalidArn = "INVALID_ARN";

    /// <summary>An ARN with fewer than six segments whose last segment does not end in <c>*</c>.</summary>
    public const string MissingArnField = "MISSING_ARN_FIELD";

    /// <summary>An unknown condition operator (names are case-sensitive).</summary>
    public const string InvalidConditionOperator = "INVALID_CONDITION_OPERATOR";

    /// <summary>The Null operator with the IfExists suffix.</summary>
    public const string NullWithIfExists = "NULL_WITH_IF_EXISTS";

    /// <summary>A condition key that is not <c>prefix:name</c>.</summary>
    public const string InvalidConditionKeyFormat = "INVALID_CONDITION_KEY_FORMAT";

    /// <summary>A condition value that does not parse for its operator (number, date, IP, base64, boolean, ARN).</summary>
    public const string DataTypeMismatch = "DATA_TYPE_MISMATCH";

    /// <summary>A policy variable without its closing brace.</summary>
    public const string MissingBraceInVariable = "MISSING_BRACE_IN_VARIABLE";

    /// <summary>A policy variable default value without its quotes.</summary>
    public const string MissingQuoteInVariable = "MISSING_QUOTE_IN_VARIABLE";

    /// <summary>Whitespace inside a policy variable name.</summary>
    public const string UnsupportedSpaceInVariable = "UNSUPPORTED_SPACE_IN_VARIABLE";

    /// <summary>A policy variable with no name: <c>${}</c>.</summary>
    public const string EmptyVariable = "EMPTY_VARIABLE";

    /// <summary>A policy variable in an element that does not support them (Action, Principal).</summary>
    public const string VariableUnsupportedInElement = "VARIABLE_UNSUPPORTED_IN_ELEMENT";

    /// <summary>A policy variable with a Numeric, Date, Binary, IP or Null operator.</summary>
    public const string InvalidVariableForOperator = "INVALID_VARIABLE_FOR_OPERATOR";
}
