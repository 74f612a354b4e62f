namespace SecureQueue.Gateway.Tests.Authentication.SigV4;

/// <summary>
/// One case of the AWS SigV4 test suite: the raw request (".req", with the X-Amz-Date header that the signer adds),
/// the published canonical request (".creq"), the hash on the last line of the string to sign (".sts") and the
/// signature (".authz").
/// </summary>
internal sealed record AwsSuiteVector(
    string Name,
    string Request,
    string CanonicalRequest,
    string StringToSignHash,
    string Signature,
    string AmzDate = AwsSigV4Suite.Date,
    string Service = "service",
    bool SessionToken = false)
{
    public string SignedHeaders => CanonicalRequest.Split('\n')[^2];

    public string Scope => $"{AmzDate[..8]}/us-east-1/{Service}/aws4_request";

    public string Authorization =>
        $"AWS4-HMAC-SHA256 Credential={AwsSigV4Suite.AccessKeyId}/{Scope}, SignedHeaders={SignedHeaders}, Signature={Signature}";
}

/// <summary>
/// Sources, all published test data: the 2015 suite (docs.aws.amazon.com "signature-v4-test-suite", as vendored by
/// botocore <c>tests/unit/auth/aws4_testsuite/</c> and the SDKs), its current form in awslabs/aws-c-auth
/// <c>tests/aws-signing-test-suite/v4</c> (which replaced the comma-joined get-header-value-multiline answer with
/// RFC 7230 folding to a space, botocore's own behaviour, and added signed-body and session-token cases), and the two
/// 2011 botocore vectors that still show the double encoding of an already-encoded path.
/// Each expected signature was re-derived from its canonical request with Python's hmac before being copied here.
/// </summary>
internal static partial class AwsSigV4Suite
{
    public const string AccessKeyId = "AKIDEXAMPLE";
    public const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string Date = "20150830T123600Z";
    public const string EmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private const string Host = "Host:example.amazonaws.com\nX-Amz-Date:20150830T123600Z";
    private const string Lines = "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n";
    private const string Vanilla = "\n" + Lines + "\nhost;x-amz-date\n" + EmptyHash;

    public static IReadOnlyList<AwsSuiteVector> All => [.. GetCases, .. PathCases, .. PostCases];

    public static TheoryData<string> Names => [.. All.Select(v => v.Name)];

    public static AwsSuiteVector Named(string name) => All.Single(v => v.Name == name);

    private static readonly AwsSuiteVector[] GetCases =
    [
        new("get-vanilla", "GET / HTTP/1.1\n" + Host, "GET\n/\n" + Vanilla,
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        new("get-vanilla-query", "GET / HTTP/1.1\n" + Host, "GET\n/\n" + Vanilla,
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        new("get-vanilla-empty-query-key", "GET /?Param1=value1 HTTP/1.1\n" + Host, "GET\n/\nParam1=value1" + Vanilla,
            "1e24db194ed7d0eec2de28d7369675a243488e08526e8c1c73571282f7c517ab",
            "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"),
        new("get-vanilla-query-order-key", "GET /?Param1=value2&Param1=Value1 HTTP/1.1\n" + Host,
            "GET\n/\nParam1=Value1&Param1=value2" + Vanilla,
            "704b4cef673542d84cdff252633f065e8daeba5f168b77116f8b1bcaf3d38f89",
            "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1"),
        new("get-vanilla-query-order-key-case", "GET /?Param2=value2&Param1=value1 HTTP/1.1\n" + Host,
            "GET\n/\nParam1=value1&Param2=value2" + Vanilla,
            "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0",
            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        new("get-vanilla-query-order-value", "GET /?Param1=value2&Param1=value1 HTTP/1.1\n" + Host,
            "GET\n/\nParam1=value1&Param1=value2" + Vanilla,
            "c968629d70850097a2d8781c9bf7edcb988b04cac14cca9be4acc3595f884606",
            "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"),
        new("get-vanilla-query-order-encoded", "GET /?Param-3=Value3&Param=Value2&%E1%88%B4=Value1 HTTP/1.1\n" + Host,
            "GET\n/\n%E1%88%B4=Value1&Param=Value2&Param-3=Value3" + Vanilla,
            "868294f5c38bd141c4972a373a76654f1418a8e4fc18b2e7903ae45e8ae0ec71",
            "371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac"),
        new("get-vanilla-query-unreserved",
            "GET /?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1\n" + Host,
            "GET\n/\n-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" + Vanilla,
            "c30d4703d9f799439be92736156d47ccfb2d879ddf56f5befa6d1d6aab979177",
            "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),
        new("get-vanilla-utf8-query", "GET /?\u1234=bar HTTP/1.1\n" + Host, "GET\n/\n%E1%88%B4=bar" + Vanilla,
            "eb30c5bed55734080471a834cc727ae56beb50e5f39d1bff6d0d38cb192a7073",
            "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),
        new("get-header-key-duplicate",
            "GET / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1:value2\nMy-Header1:value2\nMy-Header1:value1\nX-Amz-Date:20150830T123600Z",
            "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value2,value2,value1\nx-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n" + EmptyHash,
            "dc7f04a3abfde8d472b0ab1a418b741b7c67174dad1551b4117b15527fbe966c",
            "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"),
        new("get-header-value-multiline",
            "GET / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1:value1\n  value2\n     value3\nX-Amz-Date:20150830T123600Z",
            "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1 value2 value3\nx-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n" + EmptyHash,
            "e99419459a677bc11de234014be3c4e72c1ea5b454ceb58b613061f5d7a162e8",
            "cfd34249e4b1c8d6b91ef74165d41a32e5fab3306300901bb65a51a73575eefd"),
        new("get-header-value-order",
            "GET / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1:value4\nMy-Header1:value1\nMy-Header1:value3\nMy-Header1:value2\nX-Amz-Date:20150830T123600Z",
            "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value4,value1,value3,value2\nx-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n" + EmptyHash,
            "31ce73cd3f3d9f66977ad3dd957dc47af14df92fcd8509f59b349e9137c58b86",
            "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"),
        new("get-header-value-trim",
            "GET / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1: value1\nMy-Header2: \"a   b   c\"\nX-Amz-Date:20150830T123600Z",
            "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\nx-amz-date:20150830T123600Z\n\nhost;my-header1;my-header2;x-amz-date\n" + EmptyHash,
            "a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7",
            "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
        new("get-unreserved", "GET /-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1\n" + Host,
            "GET\n/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\n" + Vanilla,
            "6a968768eefaa713e2a6b16b589a8ea192661f098f37349f4e2c0082757446f9",
            "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
        new("get-utf8", "GET /\u1234 HTTP/1.1\n" + Host, "GET\n/%E1%88%B4\n" + Vanilla,
            "2a0a97d02205e45ce2e994789806b19270cfbbb0921b278ccf58f5249ac42102",
            "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"),
    ];
}
