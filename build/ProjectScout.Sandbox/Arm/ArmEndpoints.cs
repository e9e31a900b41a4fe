using Microsoft.AspNetCore.Routing;
namespace ProjectScout.Sandbox.Arm;
internal static class ArmEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ArmStore store, SandboxOptions options) { }
}
