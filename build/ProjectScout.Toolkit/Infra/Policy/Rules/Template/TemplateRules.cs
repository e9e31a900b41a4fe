using ProjectScout.Model.Infra;

namespace ProjectScout.Toolkit.Infra.Rules;

/// <summary>What the template rules report as the inspected object's type (the object is the compiled template file).</summary>
internal static class TemplateRules
{
    public const string Type = "template";
}
