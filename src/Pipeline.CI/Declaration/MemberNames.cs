using System.Linq.Expressions;
using System.Reflection;
using Pipeline.Build;
using Pipeline.Build.Parameters;

namespace Pipeline.CI.Declaration;

/// <summary>Targets and parameters named by member in the CI declaration, so a typo is a compile error.</summary>
internal static class MemberNames
{
    public static string Target<TBuild>(Expression<Func<TBuild, Target>> target) =>
        target.Body is MemberExpression { Member: PropertyInfo property }
            ? property.Name
            : throw new CiDeclarationException($"A CI job names a target property, like Job<ITrain>(x => x.Train); got {target}.");

    public static CiSecret Secret<TBuild>(Expression<Func<TBuild, object?>> parameter)
    {
        var body = parameter.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : parameter.Body;
        if (body is not MemberExpression { Member: { } member } || member.GetCustomAttribute<ParameterAttribute>() is not { } attribute)
            throw new CiDeclarationException($"A CI secret names a [Parameter, Secret] member, like WithSecret<IReport>(x => x.GithubToken); got {parameter}.");
        if (member.GetCustomAttribute<SecretAttribute>() is null)
            throw new CiDeclarationException($"{member.Name} is not marked [Secret]: only secret parameters are passed to jobs as CI secrets (plain ones go in Variables).");
        return new CiSecret(ParameterNames.EnvironmentVariableOf(member), attribute.Description);
    }
}
