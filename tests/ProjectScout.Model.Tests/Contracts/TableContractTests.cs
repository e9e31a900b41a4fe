using ProjectScout.Model.Contracts;

namespace ProjectScout.Model.Tests.Contracts;

public sealed class TableContractTests
{
    [TestCase("silver.orders", "silver", "orders")]
    [TestCase("orders", null, null)]
    [TestCase("a.b.c", null, null)]
    [TestCase(".orders", null, null)]
    public void Table_names_are_layer_dot_table(string text, string? layer, string? table)
    {
        var parsed = TableName.TryParse(text);

        Assert.That(parsed is null ? null : (parsed.Layer, parsed.Table).ToString(), Is.EqualTo(layer is null ? null : (layer, table).ToString()));
        if (parsed is not null)
        {
            Assert.That(parsed.ToString(), Is.EqualTo(text));
        }
    }
}
