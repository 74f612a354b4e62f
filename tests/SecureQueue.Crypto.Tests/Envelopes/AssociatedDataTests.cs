using SecureQueue.Crypto.Envelopes;

namespace SecureQueue.Crypto.Tests.Envelopes;

public sealed class AssociatedDataTests
{
    private static readonly Guid MessageId = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");

    [Fact]
    public void For_KnownTuple_LengthPrefixedFields()
    {
        var expected = Convert.FromHexString(
            "00000005" + "61726e3a61" +
            "00000010" + "00112233445566778899aabbccddeeff" +
            "00000004" + "00000007");

        Assert.Equal(expected, AssociatedData.For("arn:a", MessageId, 7));
    }

    [Fact]
    public void For_DifferentTuples_NeverCollide()
    {
        var ids = new[] { MessageId, Guid.Empty, Guid.Parse("ffffffff-4455-6677-8899-aabbccddeeff") };
        var arns = new[] { "arn:a", "arn:ab", "arn:a\0", "arn:aws:sqs:us-east-1:000000000000:q", "arn:aws:sqs:us-east-1:000000000000:q1" };
        var encodings = new HashSet<string>();
        var count = 0;
        foreach (var arn in arns)
        {
            foreach (var id in ids)
            {
                foreach (var version in new[] { 1, 2, 256, int.MaxValue })
                {
                    encodings.Add(Convert.ToHexString(AssociatedData.For(arn, id, version)));
                    count++;
                }
            }
        }

        Assert.Equal(count, encodings.Count);
    }

    [Fact]
    public void For_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => AssociatedData.For("", MessageId, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => AssociatedData.For("arn:a", MessageId, 0));
    }
}
