using ProjectScout.Model.Hashing;

namespace ProjectScout.Model.Tests.Hashing;

public sealed class Sha256HexTests
{
    [Test]
    public void Text_hashes_as_utf8_lower_case_hex()
    {
        Assert.That(Sha256Hex.Of("abc"), Is.EqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        Assert.That(Sha256Hex.Of("é"), Is.EqualTo(Sha256Hex.Of(new byte[] { 0xC3, 0xA9 })));
    }
}
