using SecureQueue.Crypto.Buffers;

namespace SecureQueue.Crypto.Tests.Buffers;

public sealed class ScratchBufferTests
{
    [Fact]
    public void Return_ClearsWhatWasWritten_AndTheNextRentOnThisThreadReusesIt()
    {
        var buffer = ScratchBuffer.Rent();
        "plaintext"u8.CopyTo(buffer.GetSpan(9));
        buffer.Advance(9);
        var memory = buffer.GetMemory(0);
        ScratchBuffer.Return(buffer);

        Assert.Equal(0, buffer.WrittenCount);
        Assert.Same(buffer, ScratchBuffer.Rent());
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(memory, out var segment));
        Assert.All(segment.Array!.AsSpan(0, 9).ToArray(), b => Assert.Equal(0, b));
        ScratchBuffer.Return(buffer);
    }

    [Fact]
    public void Rent_WhileRented_GivesAnotherBuffer()
    {
        var first = ScratchBuffer.Rent();
        var second = ScratchBuffer.Rent();
        Assert.NotSame(first, second);
        ScratchBuffer.Return(second);
        ScratchBuffer.Return(first);
    }

    [Fact]
    public void Return_GrownPast64KiB_IsNotKept()
    {
        var large = ScratchBuffer.Rent();
        large.Advance(large.GetSpan(100_000).Length);
        ScratchBuffer.Return(large);
        Assert.NotSame(large, ScratchBuffer.Rent());
    }
}
