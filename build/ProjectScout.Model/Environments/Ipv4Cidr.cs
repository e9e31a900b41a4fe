using System.Net;
using System.Net.Sockets;

namespace ProjectScout.Model.Environments;

/// <summary>An IPv4 network in CIDR notation, as Azure virtual networks, subnets and firewall rules use them.</summary>
public readonly record struct Ipv4Cidr(uint Network, int PrefixLength)
{
    public uint Mask => PrefixLength == 0 ? 0u : uint.MaxValue << (32 - PrefixLength);
    public uint First => Network;
    public uint Last => Network | ~Mask;

    public bool Contains(Ipv4Cidr other) => other.PrefixLength >= PrefixLength && (other.Network & Mask) == Network;

    public bool Overlaps(Ipv4Cidr other) => First <= other.Last && other.First <= Last;

    /// <summary>RFC 1918, loopback and link-local ranges, which Azure storage and Key Vault IP rules refuse.</summary>
    public bool IsPrivate
    {
        get
        {
            foreach (var range in NonPublicRanges)
            {
                if (range.Overlaps(this))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private static readonly Ipv4Cidr[] NonPublicRanges =
        [Parse("10.0.0.0/8"), Parse("172.16.0.0/12"), Parse("192.168.0.0/16"), Parse("127.0.0.0/8"), Parse("169.254.0.0/16")];

    public override string ToString() =>
        $"{Network >> 24}.{(Network >> 16) & 255}.{(Network >> 8) & 255}.{Network & 255}/{PrefixLength}";

    public static Ipv4Cidr Parse(string text) =>
        TryParse(text, out var cidr, out var error) ? cidr : throw new FormatException(error);

    /// <summary>Parses <c>a.b.c.d/n</c>; a bare address is a /32. Host bits must be zero, as Azure requires.</summary>
    public static bool TryParse(string? text, out Ipv4Cidr cidr, out string error)
    {
        cidr = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty; expected an IPv4 range such as 10.0.0.0/16";
            return false;
        }

        var parts = text.Trim().Split('/');
        var prefix = 32;
        if (parts.Length > 2 || (parts.Length == 2 && !int.TryParse(parts[1], out prefix)) || prefix is < 0 or > 32)
        {
            error = $"'{text}' is not CIDR notation; expected a.b.c.d/n with n from 0 to 32";
            return false;
        }

        var octets = parts[0].Split('.');
        if (octets.Length != 4 || octets.Any(o => !byte.TryParse(o, out _)) ||
            !IPAddress.TryParse(parts[0], out var address) || address.AddressFamily != AddressFamily.InterNetwork)
        {
            error = $"'{text}' does not start with an IPv4 address";
            return false;
        }

        var bytes = address.GetAddressBytes();
        var value = (uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3];
        var candidate = new Ipv4Cidr(value, prefix);
        if ((value & candidate.Mask) != value)
        {
            error = $"'{text}' has host bits set; did you mean {new Ipv4Cidr(value & candidate.Mask, prefix)}?";
            return false;
        }

        cidr = candidate;
        error = "";
        return true;
    }
}
