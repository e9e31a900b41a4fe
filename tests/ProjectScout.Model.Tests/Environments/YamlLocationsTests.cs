using ProjectScout.Model.Environments;

namespace ProjectScout.Model.Tests.Environments;

public sealed class YamlLocationsTests
{
    private const string Yaml = "name: dev\nazure:\n  location: westeurope\n  tags:\n    - a\n    - b\n";

    [Test]
    public void Values_are_located_at_their_key_and_sequence_items_at_their_start()
    {
        var locations = YamlLocations.Read(Yaml);

        Assert.That(locations.Of("azure.location"), Is.EqualTo((3, 3)));
        Assert.That(locations.Of("azure.tags[1]"), Is.EqualTo((6, 7)));
        Assert.That(locations.Has("azure.sku"), Is.False);
        Assert.That(locations.Of("azure.sku.name"), Is.EqualTo((2, 1)), "a missing value points at its nearest ancestor");
    }

    [Test]
    public void An_unreadable_document_reports_the_last_position_the_scanner_understood()
    {
        Assert.That(YamlLocations.LastReadablePosition("a: 1\nb: \"open\nc: 3\n").Line, Is.EqualTo(2), "the line of the unterminated string");
    }
}
