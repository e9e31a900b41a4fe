using ProjectScout.Model.Environments;
using ProjectScout.Model.Infra;
using ProjectScout.Model.Layout;
using ProjectScout.Toolkit.Bicep;
using ProjectScout.Toolkit.Environments;
using ProjectScout.Toolkit.Infra;
using ProjectScout.Toolkit.Layout;

namespace ProjectScout.Toolkit.Tests.Infra;

/// <summary>
/// The firewall choice of network.egress (the shipped environments all use a NAT gateway, which the golden snapshots
/// cover): both Databricks subnets route 0.0.0.0/0 to the firewall, no NAT gateway is declared, and the gate passes.
/// </summary>
[TestFixture]
public sealed class InfraEgressTests
{
    [Test]
    public async Task A_firewall_egress_puts_a_default_route_to_the_firewall_on_both_Databricks_subnets()
    {
        var root = Repository.CopyInputs("infra-egress");
        try
        {
            var layout = new ToolkitLayout { Root = root };
            var envFile = Path.Combine(layout.Environments, "sandbox.yaml");
            var text = File.ReadAllText(envFile);
            Assert.That(File.ReadAllText(Path.Combine(layout.Environments, "defaults.yaml")), Does.Contain("    mode: natGateway\n"));
            // The sandbox's own egress overrides the defaults' NAT gateway.
            Assert.That(text, Does.Contain("\n\nstorage:\n"));
            File.WriteAllText(envFile, text.Replace("\n\nstorage:\n", "\n  egress:\n    mode: firewall\n    firewallIp: 10.100.0.4\n\nstorage:\n"));
            var env = new EnvironmentCatalog(layout.Environments, layout.Display).Load("sandbox");

            var build = await new InfraBuildService(layout, _ => null).BuildAsync(env, () => SharedBicep.Client);
            var phase1 = BicepClient.ParseSnapshot(File.ReadAllText(build.Phases[0].Snapshot));

            var routeTable = phase1.OfType("Microsoft.Network/routeTables").Single();
            var route = routeTable["properties"]!["routes"]![0]!["properties"]!;
            var subnets = phase1.OfType("Microsoft.Network/virtualNetworks").Single()["properties"]!["subnets"]!.AsArray();
            var routed = subnets.Where(s => (string?)s!["properties"]!["routeTable"]?["id"] == (string?)routeTable["id"]).Select(s => (string?)s!["name"]).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(build.HasErrors, Is.False, string.Join("\n", build.Diagnostics));
                Assert.That(((string?)route["addressPrefix"], (string?)route["nextHopType"], (string?)route["nextHopIpAddress"]),
                    Is.EqualTo(("0.0.0.0/0", "VirtualAppliance", "10.100.0.4")));
                // The private-endpoint subnet too: the rotation's hybrid worker VM there needs egress (docs/infrastructure.md D13).
                Assert.That(routed, Is.EquivalentTo(new[] { "juicer-vnet-sbx-databricks-host", "juicer-vnet-sbx-databricks-container", "juicer-vnet-sbx-private-endpoints" }));
                Assert.That(phase1.OfType("Microsoft.Network/natGateways"), Is.Empty);
                Assert.That(phase1.OfType("Microsoft.Network/publicIPAddresses"), Is.Empty);
                Assert.That(subnets.Any(s => s!["properties"]!["natGateway"] is not null), Is.False);
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
