using System.Diagnostics;
using System.Text;
using SecureQueue.Policies.Documents;
using static SecureQueue.Policies.Tests.TestPolicies;

namespace SecureQueue.Policies.Tests.Documents;

/// <summary>Malformed and hostile input: never an exception, always located errors.</summary>
public sealed partial class PolicyDocumentTests
{
    private const string Valid = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"*"}}""";

    [Fact]
    public void Parse_TenThousandNestedArrays_ReportsJsonTooDeepAtLimit()
    {
        var json = new string('[', 10_000) + new string(']', 10_000);

        var error = Error(json);

        Assert.Equal(PolicyErrorCodes.JsonTooDeep, error.Code);
        Assert.Equal((1, PolicyDocument.MaxDepth + 1), (error.Line, error.Column));
    }

    [Fact]
    public void Parse_TenThousandNestedObjectsInCondition_ReportsJsonTooDeep()
    {
        var nested = string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000);
        var json = $$$"""{"Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"*","Condition":{{{nested}}}}}""";

        Assert.Equal(PolicyErrorCodes.JsonTooDeep, Error(json).Code);
    }

    [Fact]
    public void Parse_UnclosedTenThousandNesting_ReportsJsonTooDeep()
    {
        Assert.Equal(PolicyErrorCodes.JsonTooDeep, Error("{\"Statement\":" + new string('[', 10_000)).Code);
    }

    [Fact]
    public void Parse_MillionElementArray_ReportsDocumentTooLargeQuickly()
    {
        var json = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[" + string.Join(',', Enumerable.Repeat("\"sqs:SendMessage\"", 1_000_000)) + "],\"Resource\":\"*\"}}";
        var watch = Stopwatch.StartNew();

        var error = Error(json);

        Assert.Equal(PolicyErrorCodes.DocumentTooLarge, error.Code);
        Assert.Equal((1, 1), (error.Line, error.Column));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Parse_ArrayOverItemCap_ReportsContainerTooLargeOnce()
    {
        var actions = string.Join(',', Enumerable.Repeat("\"sqs:SendMessage\"", PolicyDocument.MaxContainerItems + 50));
        var json = $$$"""{"Statement":{"Effect":"Allow","Action":[{{{actions}}}],"Resource":"*"}}""";

        var error = Error(json);

        Assert.Equal(PolicyErrorCodes.ContainerTooLarge, error.Code);
        Assert.Equal((1, 41), (error.Line, error.Column));
    }

    [Fact]
    public void Parse_ArrayAtItemCap_Succeeds()
    {
        var actions = string.Join(',', Enumerable.Repeat("\"sqs:SendMessage\"", PolicyDocument.MaxContainerItems));

        var policy = Identity($$$"""{"Statement":{"Effect":"Allow","Action":[{{{actions}}}],"Resource":"*"}}""");

        Assert.Equal(PolicyDocument.MaxContainerItems, Assert.Single(policy.Statements).Actions.Count);
    }

    [Fact]
    public void Parse_DuplicateTopLevelKey_ReportsDuplicateKeyAtSecondOccurrence()
    {
        var error = Error("""
            {
              "Version": "2012-10-17",
              "Statement": { "Effect": "Deny", "Action": "sqs:*", "Resource": "*" },
              "Statement": { "Effect": "Allow", "Action": "sqs:*", "Resource": "*" }
            }
            """);

        Assert.Equal(PolicyErrorCodes.DuplicateKey, error.Code);
        Assert.Equal("Duplicate key \"Statement\".", error.Message);
        Assert.Equal((4, 3), (error.Line, error.Column));
    }

    [Fact]
    public void Parse_DuplicateEffectInStatement_ReportsDuplicateKey()
    {
        var error = Error("""{"Statement":{"Effect":"Deny","Action":"sqs:*","Resource":"*","Effect":"Allow"}}""");

        Assert.Equal(PolicyErrorCodes.DuplicateKey, error.Code);
        Assert.Equal((1, 63), (error.Line, error.Column));
    }

    [Fact]
    public void Parse_ConditionKeysDifferingOnlyByCase_ReportsDuplicateKeysWithDifferentCase()
    {
        var error = Error("""{"Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"*","Condition":{"StringEquals":{"aws:username":"a","AWS:UserName":"b"}}}}""");

        Assert.Equal(PolicyErrorCodes.DuplicateKeysWithDifferentCase, error.Code);
        Assert.Equal("Statement.Condition.StringEquals.AWS:UserName", error.Path);
    }

    [Theory]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"*"}} x""", 1, 66)]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"*"}}{}""", 1, 65)]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\n\"Action\":\"sqs:*\",\"Resource\":\"*\",}}", 2, 33)]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\n// comment\n\"Action\":\"sqs:*\",\"Resource\":\"*\"}}", 2, 1)]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":'sqs:*',"Resource":"*"}}""", 1, 41)]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"*"}""", 1, 64)]
    [InlineData("""{"Statement" {"Effect":"Allow"}}""", 1, 14)]
    [InlineData("{\"Statement\":{\"Effect\":\"Al\u0001low\"}}", 1, 27)]
    public void Parse_MalformedJson_ReportsJsonSyntaxErrorWithPosition(string json, int line, int column)
    {
        var error = Error(json);

        Assert.Equal(PolicyErrorCodes.JsonSyntaxError, error.Code);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EscapedLoneSurrogate_ReportsJsonSyntaxError()
    {
        var error = Error("""{"Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"*","Sid":"\ud800"}}""");

        Assert.Equal(PolicyErrorCodes.JsonSyntaxError, error.Code);
    }

    [Fact]
    public void Parse_LeadingByteOrderMark_IsIgnored()
    {
        var result = PolicyDocument.Parse("\uFEFF" + Valid, "bom.json", PolicyKind.Identity);

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Parse_ByteOrderMarkAfterWhitespace_ReportsJsonSyntaxError()
    {
        var error = Error(" \uFEFF" + Valid);

        Assert.Equal(PolicyErrorCodes.JsonSyntaxError, error.Code);
        Assert.Equal((1, 2), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \r\n\t ")]
    [InlineData("\uFEFF")]
    [InlineData(null)]
    public void Parse_EmptyInput_ReportsEmptyDocument(string? json)
    {
        var error = Error(json!);

        Assert.Equal(PolicyErrorCodes.EmptyDocument, error.Code);
        Assert.Equal((1, 1), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("""{"Statement":{"Effect":1,"Action":"sqs:*","Resource":"*"}}""", "Statement.Effect")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"*","Sid":7}}""", "Statement.Sid")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":{"sqs":"*"},"Resource":"*"}}""", "Statement.Action")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"*","Condition":[]}}""", "Statement.Condition")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"*","Condition":{"StringEquals":"x"}}}""", "Statement.Condition.StringEquals")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"*","Condition":{"StringEquals":{"aws:username":{"a":1}}}}}""", "Statement.Condition.StringEquals.aws:username")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"*","Condition":{"StringEquals":{"aws:username":[null]}}}}""", "Statement.Condition.StringEquals.aws:username[0]")]
    [InlineData("""{"Id":5,"Statement":{"Effect":"Deny","Action":"sqs:*","Resource":"*"}}""", "Id")]
    public void Parse_WrongJsonType_ReportsInvalidElementType(string json, string path)
    {
        var error = Error(json, json.Contains("\"Id\"", StringComparison.Ordinal) ? PolicyKind.Guardrail : PolicyKind.Identity);

        Assert.Equal(PolicyErrorCodes.InvalidElementType, error.Code);
        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void Parse_DocumentJustOverMaxLength_ReportsDocumentTooLarge()
    {
        var json = Valid + new string(' ', PolicyDocument.MaxLength - Valid.Length + 1);

        Assert.Equal(PolicyErrorCodes.DocumentTooLarge, Error(json).Code);
    }

    [Fact]
    public void Parse_ThreeHundredBadActions_CapsErrorsWithTooManyErrors()
    {
        var actions = string.Join(',', Enumerable.Repeat("\"bad\"", 300));

        var errors = Errors($$$"""{"Statement":{"Effect":"Allow","Action":[{{{actions}}}],"Resource":"*"}}""");

        Assert.Equal(201, errors.Count);
        Assert.All(errors.Take(200), e => Assert.Equal(PolicyErrorCodes.InvalidAction, e.Code));
        Assert.Equal(PolicyErrorCodes.TooManyErrors, errors[200].Code);
    }

    [Fact]
    public void Parse_MultibyteCharactersBeforeError_CountsColumnsInUtf16Characters()
    {
        var errors = Errors("{\"Statement\":{\"Sid\":\"\u00e9\ud83d\ude00\",\"Effect\":\"allow\",\"Action\":\"sqs:*\",\"Resource\":\"*\"}}");

        Assert.Equal(
            [(PolicyErrorCodes.InvalidSid, 1, 21), (PolicyErrorCodes.InvalidEffect, 1, 36)],
            errors.Select(e => (e.Code, e.Line, e.Column)));
    }

    [Fact]
    public void Parse_UnpairedSurrogateInInputString_DoesNotThrow()
    {
        var result = PolicyDocument.Parse("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sqs:*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:username\":\"\ud800\"}}}}", "s.json", PolicyKind.Identity);

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Parse_RandomMutationsOfValidPolicy_NeverThrow()
    {
        const string seed = """
            {"Version":"2012-10-17","Id":"x","Statement":[{"Sid":"A","Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::111122223333:role/r"]},
            "Action":["sqs:Send*","sqs:ReceiveMessage"],"Resource":"arn:aws:sqs:*:111122223333:${aws:username}-q",
            "Condition":{"ForAnyValue:StringLike":{"aws:TagKeys":["a*"]},"IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]},
            "DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"},"Null":{"aws:TokenIssueTime":"true"}}}]}
            """;
        var random = new Random(20240601);
        const string alphabet = "{}[]\":,\\ *?${}'-/0aZ\u00e9\uFEFF\n";
        var kinds = Enum.GetValues<PolicyKind>();
        for (var i = 0; i < 5_000; i++)
        {
            var text = new StringBuilder(seed);
            for (var edits = random.Next(1, 6); edits > 0; edits--)
            {
                var at = random.Next(text.Length);
                switch (random.Next(3))
                {
                    case 0: text.Remove(at, Math.Min(random.Next(1, 8), text.Length - at)); break;
                    case 1: text.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    default: text[at] = alphabet[random.Next(alphabet.Length)]; break;
                }
            }

            var result = PolicyDocument.Parse(text.ToString(), "fuzz.json", kinds[i % kinds.Length]);

            Assert.Equal(result.Document is null, result.Errors.Count > 0);
            Assert.All(result.Errors, e => Assert.True(e.Line >= 1 && e.Column >= 1));
        }
    }
}
