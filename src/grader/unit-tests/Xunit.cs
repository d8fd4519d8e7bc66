// The part of xUnit's API a lab's C# unit tests use ([Fact], Assert.Equal, Assert.True, ...),
// with a runner that finds and runs every [Fact] by reflection: the grader compiles it beside
// the learner's Core.cs and tests with Mono's mcs, because xUnit itself comes from NuGet, which
// this project cannot reach. Tests written against it compile unchanged against the real xunit
// package (https://xunit.net/docs/getting-started/v3/getting-started). Ours; no upstream code.

using System;
using System.Collections;
using System.Linq;
using System.Reflection;

namespace Xunit
{
    [AttributeUsage(AttributeTargets.Method)]
    public class FactAttribute : Attribute
    {
        public string Skip { get; set; }
    }

    public class AssertException : Exception
    {
        public AssertException(string message) : base(message) { }
    }

    public static class Assert
    {
        public static void Equal<T>(T expected, T actual)
        {
            if (!Equals(expected, actual)) throw new AssertException("Assert.Equal() failure: expected " + Show(expected) + ", actual " + Show(actual));
        }

        public static void NotEqual<T>(T expected, T actual)
        {
            if (Equals(expected, actual)) throw new AssertException("Assert.NotEqual() failure: both are " + Show(actual));
        }

        public static void True(bool condition, string userMessage = null)
        {
            if (!condition) throw new AssertException(userMessage ?? "Assert.True() failure");
        }

        public static void False(bool condition, string userMessage = null)
        {
            if (condition) throw new AssertException(userMessage ?? "Assert.False() failure");
        }

        public static T Throws<T>(Action action) where T : Exception
        {
            try
            {
                action();
            }
            catch (T expected)
            {
                return expected;
            }
            catch (Exception other)
            {
                throw new AssertException("Assert.Throws() failure: expected " + typeof(T).Name + ", got " + other.GetType().Name);
            }
            throw new AssertException("Assert.Throws() failure: expected " + typeof(T).Name + ", nothing was thrown");
        }

        private static new bool Equals(object a, object b)
        {
            if (a is IEnumerable && b is IEnumerable && !(a is string) && !(b is string))
            {
                return ((IEnumerable)a).Cast<object>().SequenceEqual(((IEnumerable)b).Cast<object>());
            }
            return object.Equals(a, b);
        }

        private static string Show(object value)
        {
            return value == null ? "null" : value is string ? "\"" + value + "\"" : value.ToString();
        }
    }
}

namespace LambdaDojo.UnitTests
{
    public static class Runner
    {
        // Prints one line per test and a summary the grader reads: "tests: N, failed: F".
        public static int Main()
        {
            int ran = 0, failed = 0;
            var tests = AppDomain.CurrentDomain.GetAssemblies()
                .SelectMany(a => a.GetTypes())
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
                .Where(m => m.GetCustomAttributes(typeof(Xunit.FactAttribute), false).Length > 0)
                .OrderBy(m => m.DeclaringType.FullName + "." + m.Name);
            foreach (var test in tests)
            {
                var fact = (Xunit.FactAttribute)test.GetCustomAttributes(typeof(Xunit.FactAttribute), false)[0];
                var name = test.DeclaringType.FullName + "." + test.Name;
                if (fact.Skip != null)
                {
                    Console.WriteLine("skip " + name + ": " + fact.Skip);
                    continue;
                }
                ran++;
                try
                {
                    var instance = test.IsStatic ? null : Activator.CreateInstance(test.DeclaringType);
                    test.Invoke(instance, null);
                    Console.WriteLine("pass " + name);
                }
                catch (TargetInvocationException e)
                {
                    failed++;
                    Console.WriteLine("FAIL " + name + ": " + e.InnerException.Message);
                }
            }
            Console.WriteLine("tests: " + ran + ", failed: " + failed);
            return failed == 0 && ran > 0 ? 0 : 1;
        }
    }
}
