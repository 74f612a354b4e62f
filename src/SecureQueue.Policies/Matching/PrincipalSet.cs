using SecureQueue.Policies.Documents;

namespace SecureQueue.Policies.Matching;

/// <summary>The principals named by a Principal or NotPrincipal element, indexed for exact lookups (no partial wildcards exist).</summary>
internal sealed class PrincipalSet
{
    private readonly HashSet<string> accounts = new(StringComparer.Ordinal);
    private readonly HashSet<string> arns = new(StringComparer.Ordinal);
    private readonly HashSet<string> roleKeys = new(StringComparer.Ordinal);
    private readonly HashSet<string> services = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> federated = new(StringComparer.Ordinal);

    /// <summary>How many principals are named ("*" counts as one), for the SQS limit of 50 per queue policy.</summary>
    public int Count => (IsEveryone ? 1 : 0) + accounts.Count + arns.Count + services.Count + federated.Count;

    /// <summary>True for "*" or {"AWS": "*"}: everyone, anonymous callers included.</summary>
    public bool IsEveryone { get; private set; }

    /// <summary>
    /// Whether <paramref name="who"/> is named. A role ARN also names the role's sessions, but not when
    /// <paramref name="exactOnly"/> (NotPrincipal): IAM requires a session to be exempted by its own ARN.
    /// </summary>
    public bool Matches(PrincipalIdentity who, bool exactOnly)
    {
        if (IsEveryone)
        {
            return true;
        }

        return who.Type switch
        {
            PrincipalType.Anonymous => false,
            PrincipalType.Service => services.Contains(who.Name),
            _ => (who.Account is not null && accounts.Contains(who.Account))
                || arns.Contains(who.Name)
                || federated.Contains(who.Name)
                || (!exactOnly && who.RoleKey is not null && roleKeys.Contains(who.RoleKey)),
        };
    }

    /// <summary>
    /// True when <paramref name="who"/> is named only through its account (<c>"123456789012"</c> or <c>…:root</c>), not by
    /// "*", its own ARN or its role. IAM reads that as delegation to the account, not a grant to the caller; the account's
    /// root is the account itself, so it is named directly.
    /// </summary>
    public bool NamesOnlyAccountOf(PrincipalIdentity who) =>
        !IsEveryone && who.Type is not (PrincipalType.Root or PrincipalType.Anonymous or PrincipalType.Service)
        && who.Account is not null && accounts.Contains(who.Account)
        && !arns.Contains(who.Name) && !federated.Contains(who.Name)
        && (who.RoleKey is null || !roleKeys.Contains(who.RoleKey));

    public static PrincipalSet? Parse(JsonNode node, string element, string path, ParseErrorSink errors, bool variables)
    {
        var set = new PrincipalSet();
        if (node.Kind == JsonKind.String)
        {
            if (node.Text == "*")
            {
                set.IsEveryone = true;
                return set;
            }

            errors.Add(PolicyErrorCodes.InvalidPrincipalFormat, $"{element} given as a string must be \"*\"; name principals under \"AWS\" or \"Service\".", node.Offset, path);
            return null;
        }

        if (node.Kind != JsonKind.Object)
        {
            errors.Add(PolicyErrorCodes.InvalidElementType, $"{element} must be \"*\" or an object, not {node.Describe()}.", node.Offset, path);
            return null;
        }

        if (node.Members.Count == 0)
        {
            errors.Add(PolicyErrorCodes.MissingPrincipal, $"{element} must name at least one principal.", node.Offset, path);
            return null;
        }

        var before = errors.Count;
        foreach (var member in node.Members)
        {
            var memberPath = $"{path}.{member.Name}";
            if (member.Name is not ("AWS" or "Service" or "Federated" or "CanonicalUser"))
            {
                errors.Add(PolicyErrorCodes.InvalidPrincipalKey, $"\"{member.Name}\" is not a principal type; use AWS, Service, Federated or CanonicalUser.", member.NameOffset, memberPath);
                continue;
            }

            var values = JsonStrings.Read(member.Value, errors, memberPath, $"{element}.{member.Name}", PolicyErrorCodes.MissingPrincipal);
            foreach (var value in values ?? [])
            {
                set.Add(member.Name, value, errors, variables);
            }
        }

        return errors.Count == before ? set : null;
    }

    private void Add(string type, LocatedString value, ParseErrorSink errors, bool variables)
    {
        var text = value.Text;
        if (type == "AWS" && text == "*")
        {
            IsEveryone = true;
            return;
        }

        string? problem = (variables && PatternParser.ContainsVariable(text)) ? PolicyErrorCodes.VariableUnsupportedInElement
            : text.Contains('*', StringComparison.Ordinal) || text.Contains('?', StringComparison.Ordinal) ? PolicyErrorCodes.UnsupportedWildcardInPrincipal
            : text.Length == 0 ? PolicyErrorCodes.InvalidPrincipalFormat
            : null;
        problem ??= type switch
        {
            "AWS" => AddAws(text),
            "Service" => AddService(text),
            "Federated" => AddFederated(text),
            _ => null, // CanonicalUser is S3's; it names no SQS caller, so it is accepted and never matches.
        };

        if (problem is not null)
        {
            errors.Add(problem, Describe(problem, type, text), value.Offset, value.Path);
        }
    }

    private string? AddAws(string text)
    {
        if (text.Length == 12 && text.All(char.IsAsciiDigit))
        {
            accounts.Add(text);
            return null;
        }

        Span<Range> ranges = stackalloc Range[ArnText.SegmentCount];
        if (!text.StartsWith("arn:", StringComparison.Ordinal) || ArnText.Split(text, ranges) != ArnText.SegmentCount)
        {
            return PolicyErrorCodes.InvalidPrincipalFormat;
        }

        var partition = text[ranges[1]];
        var service = text[ranges[ArnText.ServiceSegment]];
        var account = text[ranges[ArnText.AccountSegment]];
        var resource = text[ranges[5]];
        if (partition.Length == 0 || service is not ("iam" or "sts") || text[ranges[3]].Length > 0
            || account.Length != 12 || !account.All(char.IsAsciiDigit) || resource.Length == 0)
        {
            return PolicyErrorCodes.InvalidPrincipalFormat;
        }

        if (service == "iam" && resource == "root")
        {
            // "arn:aws:iam::123456789012:root" delegates to the whole account, exactly like "123456789012".
            accounts.Add(account);
            return null;
        }

        arns.Add(text);
        if (service == "iam" && resource.StartsWith("role/", StringComparison.Ordinal))
        {
            roleKeys.Add(PrincipalIdentity.MakeRoleKey(partition, account, resource[(resource.LastIndexOf('/') + 1)..]));
        }

        return null;
    }

    private string? AddFederated(string text)
    {
        federated.Add(text);
        return null;
    }

    private string? AddService(string text)
    {
        var valid = text.Contains('.', StringComparison.Ordinal) && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-');
        if (!valid)
        {
            return PolicyErrorCodes.InvalidServicePrincipalFormat;
        }

        services.Add(text);
        return null;
    }

    private static string Describe(string code, string type, string text) => code switch
    {
        PolicyErrorCodes.VariableUnsupportedInElement => $"Policy variables are not supported in principals: \"{text}\".",
        PolicyErrorCodes.UnsupportedWildcardInPrincipal => $"\"{text}\": a principal may only be \"*\" as a whole; partial wildcards are not supported.",
        PolicyErrorCodes.InvalidServicePrincipalFormat => $"\"{text}\" is not a service principal such as \"sns.amazonaws.com\".",
        _ => $"\"{text}\" is not a valid {type} principal: use \"*\", a 12-digit account ID, or an IAM or STS ARN.",
    };
}
