using System.Security.Cryptography;
using System.Text;

namespace ProjectScout.Model.Hashing;

/// <summary>The one content hash of the toolkit and the sandbox: SHA-256 as lower-case hex, text hashed as UTF-8 without BOM.</summary>
public static class Sha256Hex
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static string Of(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Of(string text) => Of(Utf8NoBom.GetBytes(text));
}
