namespace SecureQueue.Gateway.Tests.Authentication.SigV4;

internal static partial class AwsSigV4Suite
{
    private const string FormHash = "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e";

    private const string StsToken =
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

    private static readonly AwsSuiteVector[] PathCases =
    [
        Root("normalize-path/get-relative", "/example/.."),
        Root("normalize-path/get-relative-relative", "/example1/example2/../.."),
        Root("normalize-path/get-slash", "//"),
        Root("normalize-path/get-slash-dot-slash", "/./"),
        new("normalize-path/get-slash-pointless-dot", "GET /./example HTTP/1.1\n" + Host, "GET\n/example\n" + Vanilla,
            "214d50c111a8edc4819da6a636336472c916b5240f51e9a51b5c3305180cf702",
            "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5"),
        new("normalize-path/get-slashes", "GET //example// HTTP/1.1\n" + Host, "GET\n/example/\n" + Vanilla,
            "cb96b4ac96d501f7c5c15bc6d67b3035061cfced4af6585ad927f7e6c985c015",
            "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"),
        new("normalize-path/get-space", "GET /example space/ HTTP/1.1\n" + Host, "GET\n/example%20space/\n" + Vanilla,
            "63ee75631ed7234ae61b5f736dfc7754cdccfedbff4b5128a915706ee9390d86",
            "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"),

        // 2011 suite as stored in botocore: the request line is already encoded, so '%' is encoded again, and the
        // timestamp comes from the Date header.
        new("2011/get-utf8", "GET /%E1%88%B4 HTTP/1.1\nDate:Mon, 09 Sep 2011 23:36:00 GMT\nHost:host.foo.com",
            "GET\n/%25E1%2588%25B4\n\ndate:Mon, 09 Sep 2011 23:36:00 GMT\nhost:host.foo.com\n\ndate;host\n" + EmptyHash,
            "47f4456c465167f4db3490a68903fe057412e6e030de38f71d9006467eb4922a",
            "57b1eb3df3b16a8479c0097b66c0b261cfd65b829419a3f2c3d05319722490b8", "20110909T233600Z", "host"),
        new("2011/get-space", "GET /%20/foo HTTP/1.1\nDate:Mon, 09 Sep 2011 23:36:00 GMT\nHost:host.foo.com",
            "GET\n/%2520/foo\n\ndate:Mon, 09 Sep 2011 23:36:00 GMT\nhost:host.foo.com\n\ndate;host\n" + EmptyHash,
            "35975885599128f8963ce9be7219598b2b5a344321bae304529556c891e9e6ba",
            "2be9e587d1ee1f0fd02128724b86b4358ba3630d39f493b6e06610a19a50779e", "20110909T233600Z", "host"),
    ];

    private static readonly AwsSuiteVector[] PostCases =
    [
        Post("post-vanilla", "POST / HTTP/1.1\n" + Host),
        Post("post-header-key-case", "POST / HTTP/1.1\n" + Host),
        Post("post-sts-token/post-sts-header-after", "POST / HTTP/1.1\n" + Host),
        new("post-header-key-sort", "POST / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1:value1\nX-Amz-Date:20150830T123600Z",
            "POST\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nx-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n" + EmptyHash,
            "9368318c2967cf6de74404b30c65a91e8f6253e0a8659d6d5319f1a812f87d65",
            "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"),
        new("post-header-value-case", "POST / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1:VALUE1\nX-Amz-Date:20150830T123600Z",
            "POST\n/\n\nhost:example.amazonaws.com\nmy-header1:VALUE1\nx-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n" + EmptyHash,
            "d51ced243e649e3de6ef63afbbdcbca03131a21a7103a1583706a64618606a93",
            "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"),
        new("post-vanilla-query", "POST /?Param1=value1 HTTP/1.1\n" + Host, "POST\n/\nParam1=value1" + Vanilla,
            "9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd",
            "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
        new("post-vanilla-empty-query-value", "POST /?Param1=value1 HTTP/1.1\n" + Host, "POST\n/\nParam1=value1" + Vanilla,
            "9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd",
            "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
        new("post-x-www-form-urlencoded",
            "POST / HTTP/1.1\nContent-Type:application/x-www-form-urlencoded\n" + Host + "\n\nParam1=value1",
            "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\n" + Lines + "\ncontent-type;host;x-amz-date\n" + FormHash,
            "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281",
            "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
        new("post-x-www-form-urlencoded-parameters",
            "POST / HTTP/1.1\nContent-Type:application/x-www-form-urlencoded; charset=utf8\n" + Host + "\n\nParam1=value1",
            "POST\n/\n\ncontent-type:application/x-www-form-urlencoded; charset=utf8\n" + Lines + "\ncontent-type;host;x-amz-date\n" + FormHash,
            "2e1cf7ed91881a30569e46552437e4156c823447bf1781b921b5d486c568dd1c",
            "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"),
        SignedBody("post-x-www-form-urlencoded/signed-body", "application/x-www-form-urlencoded",
            "b1edd1d03544c25390e32085d55b57acc9a3961bb59415ff86c45c3d89d16cfb",
            "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b"),
        SignedBody("post-x-www-form-urlencoded-parameters/signed-body", "application/x-www-form-urlencoded; charset=utf-8",
            "a89f1a5b53e37702ee6363ce1da3ce8f54386f3c8f352ae652153c2982a0bc4d",
            "328d1b9eaadca9f5818ef05e8392801e091653bafec24fcab71e7344e7f51422"),
        new("post-sts-token/post-sts-header-before", "POST / HTTP/1.1\n" + Host + "\nX-Amz-Security-Token:" + StsToken,
            "POST\n/\n\n" + Lines + "x-amz-security-token:" + StsToken + "\n\nhost;x-amz-date;x-amz-security-token\n" + EmptyHash,
            "c237e1b440d4c63c32ca95b5b99481081cb7b13c7e40434868e71567c1a882f6",
            "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead", SessionToken: true),
        new("get-vanilla-with-session-token",
            "GET / HTTP/1.1\n" + Host + "\nX-Amz-Security-Token:6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267",
            "GET\n/\n\n" + Lines + "x-amz-security-token:6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267\n\nhost;x-amz-date;x-amz-security-token\n" + EmptyHash,
            "067b36aa60031588cea4a4cde1f21215227a047690c72247f1d70b32fbbfad2b",
            "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8", SessionToken: true),
    ];

    private static AwsSuiteVector Root(string name, string path) =>
        new(name, $"GET {path} HTTP/1.1\n{Host}", "GET\n/\n" + Vanilla,
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");

    private static AwsSuiteVector Post(string name, string request) =>
        new(name, request, "POST\n/\n" + Vanilla,
            "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87",
            "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");

    // aws-c-auth's sign_body variants: the body hash travels in a signed x-amz-content-sha256 header.
    private static AwsSuiteVector SignedBody(string name, string contentType, string stringToSignHash, string signature) =>
        new(name,
            $"POST / HTTP/1.1\nContent-Type:{contentType}\nHost:example.amazonaws.com\nContent-Length:13\n"
            + $"X-Amz-Content-SHA256:{FormHash}\nX-Amz-Date:20150830T123600Z\n\nParam1=value1",
            $"POST\n/\n\ncontent-length:13\ncontent-type:{contentType}\nhost:example.amazonaws.com\n"
            + $"x-amz-content-sha256:{FormHash}\nx-amz-date:20150830T123600Z\n\n"
            + "content-length;content-type;host;x-amz-content-sha256;x-amz-date\n" + FormHash,
            stringToSignHash, signature);
}
