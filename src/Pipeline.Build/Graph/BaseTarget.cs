using System.Linq.Expressions;
using System.Reflection;
using System.Reflection.Emit;

namespace Pipeline.Build.Graph;

/// <summary>
/// The definition a component (or base class) gives a target, even when the build overrides it: the property's own
/// getter, called without virtual dispatch (C# has no <c>base(IComponent)</c> call yet; IL's <c>call</c> does it).
/// </summary>
internal static class BaseTarget
{
    public static Target Of<TComponent>(IPipelineBuild build, Expression<Func<TComponent, Target>> selector) where TComponent : IPipelineBuild
    {
        if (build is not TComponent)
            throw new BuildConfigurationException($"The build inherits a target of {typeof(TComponent).Name} but does not implement it; add it to the build class's interfaces.");
        if (selector.Body is not MemberExpression { Member: PropertyInfo { GetMethod: { IsAbstract: false } getter } property } || property.PropertyType != typeof(Target))
            throw new BuildConfigurationException($"Inherit<{typeof(TComponent).Name}>(...) takes a target property with a body, like Inherit<{typeof(TComponent).Name}>(x => x.Train); got {selector}.");
        var method = new DynamicMethod($"Base_{typeof(TComponent).Name}_{property.Name}", typeof(Target), [typeof(object)], typeof(BaseTarget).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Castclass, typeof(TComponent));
        il.Emit(OpCodes.Call, getter);
        il.Emit(OpCodes.Ret);
        return ((Func<object, Target>)method.CreateDelegate(typeof(Func<object, Target>)))(build);
    }
}
