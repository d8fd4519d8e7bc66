// Lambda Dojo: the parts of Amazon.Lambda.Core that a handler compiles against, with the same
// names and shapes as AWS's NuGet package (upstream.ts names the version followed), written for
// Mono's standard library (no NuGet here). The bootstrap and the learner's assembly both reference
// this one assembly, so the context object the bootstrap builds is the type the handler expects.

using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

[assembly: InternalsVisibleTo("bootstrap")]

namespace Amazon.Lambda.Core
{
    public interface ILambdaContext
    {
        string AwsRequestId { get; }
        IClientContext ClientContext { get; }
        string FunctionName { get; }
        string FunctionVersion { get; }
        ICognitoIdentity Identity { get; }
        string InvokedFunctionArn { get; }
        ILambdaLogger Logger { get; }
        string LogGroupName { get; }
        string LogStreamName { get; }
        int MemoryLimitInMB { get; }
        TimeSpan RemainingTime { get; }

        // Upstream these three are default interface members (C# 8), which mcs cannot compile:
        // here they are plain members, so handler code reads them as on Lambda.
        /// <summary>The X-Ray trace id of this invocation (Lambda-Runtime-Trace-Id).</summary>
        string TraceId { get; }
        /// <summary>The tenant of this invocation, for functions with tenant isolation (Lambda-Runtime-Aws-Tenant-Id).</summary>
        string TenantId { get; }
        /// <summary>The serializer the handler's [LambdaSerializer] names.</summary>
        ILambdaSerializer Serializer { get; }
    }

    public interface ILambdaLogger
    {
        void Log(string message);
        void LogLine(string message);
    }

    public interface ICognitoIdentity
    {
        string IdentityId { get; }
        string IdentityPoolId { get; }
    }

    public interface IClientContext
    {
        IDictionary<string, string> Environment { get; }
        IClientApplication Client { get; }
        IDictionary<string, string> Custom { get; }
    }

    public interface IClientApplication
    {
        string AppPackageName { get; }
        string AppTitle { get; }
        string AppVersionCode { get; }
        string AppVersionName { get; }
        string InstallationId { get; }
    }

    public interface ILambdaSerializer
    {
        T Deserialize<T>(Stream requestStream);
        void Serialize<T>(T response, Stream responseStream);
    }

    /// <summary>Names the serializer for a handler's input and output (on the assembly or the method).</summary>
    [AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Method, AllowMultiple = false)]
    public sealed class LambdaSerializerAttribute : Attribute
    {
        public LambdaSerializerAttribute(Type serializerType)
        {
            SerializerType = serializerType;
        }

        public Type SerializerType { get; set; }
    }

    /// <summary>Static logging, as Amazon.Lambda.Core.LambdaLogger: the runtime points it at its own writer.</summary>
    public static class LambdaLogger
    {
        // The runtime replaces this, as AWS's runtime sets the private field of the same name.
        private static Action<string> _loggingAction = message => Console.Write(message);

        public static void Log(string message)
        {
            _loggingAction(message);
        }
    }

    // Newer Amazon.Lambda.Core gives ILambdaLogger leveled methods through default interface
    // members, which this compiler lacks: extension methods keep the same call syntax.
    public static class LambdaLoggerLevelExtensions
    {
        public static void LogTrace(this ILambdaLogger logger, string message) { Leveled(logger, "Trace", message); }
        public static void LogDebug(this ILambdaLogger logger, string message) { Leveled(logger, "Debug", message); }
        public static void LogInformation(this ILambdaLogger logger, string message) { Leveled(logger, "Information", message); }
        public static void LogWarning(this ILambdaLogger logger, string message) { Leveled(logger, "Warning", message); }
        public static void LogError(this ILambdaLogger logger, string message) { Leveled(logger, "Error", message); }
        public static void LogCritical(this ILambdaLogger logger, string message) { Leveled(logger, "Critical", message); }

        public static void Log(this ILambdaLogger logger, string level, string message)
        {
            Leveled(logger, level, message);
        }

        private static void Leveled(ILambdaLogger logger, string level, string message)
        {
            var leveled = logger as ILeveledLogger;
            if (leveled != null) leveled.Write(level, message);
            else logger.LogLine(message);
        }
    }

    internal interface ILeveledLogger
    {
        void Write(string level, string message);
    }
}
