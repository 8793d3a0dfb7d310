package dev.jdbcmetrics.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A JDBC object built with {@link Proxy} that records every call it receives, for proving that a
 * wrapper forwards methods unchanged. Reusable for any wrapper of a {@code java.sql} interface
 * (the {@code Delegating*} base classes and the {@code Metered*} classes alike).
 *
 * <p>A recording delegate answers each call with a fresh sentinel of the return type: a unique
 * number or string, a new proxy for an interface type, a new array or value object; booleans
 * alternate between calls. In failing mode it throws a fresh {@link SQLException} (of the most
 * specific type the method declares) instead. Either way the call, its arguments and the
 * sentinel or exception are recorded as a {@link Call}.
 *
 * <p>The usual entry point checks every public method of the interface in one go:
 *
 * <pre>{@code
 * RecordingDelegate.assertDelegates(Connection.class, MeteredConnectionForTest::new,
 *         Set.of("close()", "commit()"));
 * }</pre>
 *
 * It invokes each method not listed in {@code skippedSignatures} twice on the wrapper, with
 * distinct {@link #sampleArguments(Method) sample arguments}, and asserts that exactly that call
 * reached the delegate with the identical arguments and that the delegate's result came back
 * identical (equal for primitives). It then does the same against a failing delegate and asserts
 * that the wrapper throws the very exception instance the delegate threw. All problems are
 * reported together, one line per method. Signatures are written as by {@link #signature(Method)},
 * e.g. {@code "prepareStatement(String,int[])"}.
 */
public final class RecordingDelegate implements InvocationHandler {

    /** One call that reached a recording delegate, with what the delegate answered or threw. */
    public record Call(Method method, Object[] args, Object outcome) {

        /** The called method as {@link RecordingDelegate#signature(Method)} writes it. */
        public String signature() {
            return RecordingDelegate.signature(method);
        }

        @Override
        public String toString() {
            return signature();
        }
    }

    /** Class arguments no wrapper implements, so {@code unwrap(Class)} has to ask the delegate. */
    private interface SampleTypeA {
    }

    private interface SampleTypeB {
    }

    private interface SampleTypeC {
    }

    private static final List<Class<?>> SAMPLE_TYPES =
            List.of(SampleTypeA.class, SampleTypeB.class, SampleTypeC.class);

    private static final AtomicInteger COUNTER = new AtomicInteger(1_000);

    private final String name;
    private final List<Call> calls;
    private final boolean failing;

    private RecordingDelegate(String name, List<Call> calls, boolean failing) {
        this.name = name;
        this.calls = calls;
        this.failing = failing;
    }

    /**
     * Creates a delegate that records each call into {@code calls} and answers with a fresh
     * sentinel of the method's return type.
     *
     * @param iface the JDBC interface to implement
     * @param calls where calls are appended
     * @param extraInterfaces further interfaces the delegate implements, e.g. a vendor extension
     * @param <T> the interface type
     * @return the recording delegate
     */
    public static <T> T create(Class<T> iface, List<Call> calls, Class<?>... extraInterfaces) {
        RecordingDelegate handler = new RecordingDelegate(iface.getSimpleName(), calls, false);
        return newProxy(iface, extraInterfaces, handler);
    }

    /**
     * Creates a delegate that records each call into {@code calls} and throws a fresh exception of
     * the most specific {@link SQLException} type the method declares, recorded as the call's
     * outcome. Methods that declare no {@code SQLException} answer with a sentinel.
     *
     * @param iface the JDBC interface to implement
     * @param calls where calls are appended
     * @param <T> the interface type
     * @return the failing delegate
     */
    public static <T> T createFailing(Class<T> iface, List<Call> calls) {
        RecordingDelegate handler = new RecordingDelegate(iface.getSimpleName(), calls, true);
        return newProxy(iface, new Class<?>[0], handler);
    }

    private static <T> T newProxy(Class<T> iface, Class<?>[] extra, InvocationHandler handler) {
        Class<?>[] interfaces = new Class<?>[extra.length + 1];
        interfaces[0] = iface;
        System.arraycopy(extra, 0, interfaces, 1, extra.length);
        // the test class loader sees java.sql as well as test-only vendor interfaces
        ClassLoader loader = RecordingDelegate.class.getClassLoader();
        return iface.cast(Proxy.newProxyInstance(loader, interfaces, handler));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Object objectMethodAnswer = answerObjectMethod(proxy, method, args, "recording " + name);
        if (objectMethodAnswer != null) {
            return objectMethodAnswer;
        }
        Object[] arguments = args == null ? new Object[0] : args;
        Class<? extends SQLException> thrown = failing ? declaredSqlException(method) : null;
        if (thrown != null) {
            SQLException failure = thrown.getConstructor().newInstance();
            calls.add(new Call(method, arguments, failure));
            throw failure;
        }
        Class<?> returnType = method.getReturnType();
        Object result = returnType == void.class ? null : sampleValue(returnType);
        calls.add(new Call(method, arguments, result));
        return result;
    }

    /** Answers equals, hashCode and toString by identity; null for any other method. */
    private static Object answerObjectMethod(Object proxy, Method method, Object[] args,
            String text) {
        if (method.getDeclaringClass() != Object.class) {
            return null;
        }
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return text + "@" + Integer.toHexString(System.identityHashCode(proxy));
        }
    }

    /** The most specific SQLException type among those the method declares, or null. */
    private static Class<? extends SQLException> declaredSqlException(Method method) {
        Class<? extends SQLException> best = null;
        for (Class<?> type : method.getExceptionTypes()) {
            boolean sqlException = SQLException.class.isAssignableFrom(type);
            if (sqlException && (best == null || best.isAssignableFrom(type))) {
                best = type.asSubclass(SQLException.class);
            }
        }
        return best;
    }

    /**
     * Distinct arguments for one call of {@code method}: each from {@link #sampleValue(Class)}.
     *
     * @param method the method to call
     * @return one fresh value per parameter
     */
    public static Object[] sampleArguments(Method method) {
        return Arrays.stream(method.getParameterTypes())
                .map(RecordingDelegate::sampleValue)
                .toArray();
    }

    /**
     * A fresh value of {@code type} that differs from the previous values: a unique number or
     * string, a new array, value object or interface proxy; booleans alternate, enums rotate.
     *
     * @param type any parameter or return type of the {@code java.sql} interfaces
     * @return the value, boxed for primitive types
     * @throws IllegalArgumentException for a type this class does not know yet
     */
    public static Object sampleValue(Class<?> type) {
        int n = COUNTER.incrementAndGet();
        if (type == boolean.class) {
            return n % 2 == 0;
        }
        if (type == int.class) {
            return n;
        }
        if (type == long.class) {
            return 10_000_000_000L + n;
        }
        if (type == short.class) {
            return (short) n;
        }
        if (type == byte.class) {
            return (byte) n;
        }
        if (type == float.class) {
            return n + 0.5f;
        }
        if (type == double.class) {
            return n + 0.25;
        }
        if (type == String.class) {
            return "sample-" + n;
        }
        if (type == Object.class) {
            return new Object();
        }
        if (type == Class.class) {
            return SAMPLE_TYPES.get(n % SAMPLE_TYPES.size());
        }
        if (type.isArray()) {
            Object array = java.lang.reflect.Array.newInstance(type.getComponentType(), 1);
            java.lang.reflect.Array.set(array, 0, sampleValue(type.getComponentType()));
            return array;
        }
        if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            return constants[n % constants.length];
        }
        if (type.isInterface()) {
            return sentinelProxy(type, n);
        }
        return sampleObject(type, n);
    }

    private static Object sampleObject(Class<?> type, int n) {
        if (type == BigDecimal.class) {
            return new BigDecimal(n);
        }
        if (type == Date.class) {
            return new Date(n);
        }
        if (type == Time.class) {
            return new Time(n);
        }
        if (type == Timestamp.class) {
            return new Timestamp(n);
        }
        if (type == Calendar.class) {
            return Calendar.getInstance();
        }
        if (type == InputStream.class) {
            return new ByteArrayInputStream(new byte[] {(byte) n});
        }
        if (type == Reader.class) {
            return new StringReader("sample-" + n);
        }
        if (type == Properties.class) {
            return new Properties();
        }
        if (type == SQLWarning.class) {
            return new SQLWarning("sample-" + n);
        }
        if (type == URL.class) {
            try {
                return URI.create("http://sample.invalid/" + n).toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalArgumentException("RecordingDelegate has no sample value for "
                + type.getName() + "; add one to RecordingDelegate.sampleValue");
    }

    /** A distinct instance of an interface whose only behaviour is identity and a name. */
    private static Object sentinelProxy(Class<?> type, int n) {
        String text = "sentinel " + type.getSimpleName() + " #" + n;
        InvocationHandler handler = (proxy, method, args) -> {
            Object answer = answerObjectMethod(proxy, method, args, text);
            if (answer == null) {
                throw new UnsupportedOperationException(
                        text + " is only a sentinel: " + signature(method));
            }
            return answer;
        };
        return newProxy(type, new Class<?>[0], handler);
    }

    /**
     * The method's name and simple parameter type names, for example
     * {@code "setObject(int,Object,SQLType)"}.
     *
     * @param method any method
     * @return its signature without return type
     */
    public static String signature(Method method) {
        return method.getName() + Arrays.stream(method.getParameterTypes())
                .map(Class::getSimpleName)
                .collect(Collectors.joining(",", "(", ")"));
    }

    /**
     * Every public instance method of {@code iface}, including inherited and default methods, one
     * per signature, sorted by signature.
     *
     * @param iface a JDBC interface
     * @return the methods
     */
    public static List<Method> publicMethods(Class<?> iface) {
        Map<String, Method> bySignature = new LinkedHashMap<>();
        Arrays.stream(iface.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .sorted(Comparator.comparing(RecordingDelegate::signature))
                .forEach(m -> bySignature.merge(signature(m), m,
                        // keep the most specific return type when interfaces redeclare a method
                        (a, b) -> a.getReturnType().isAssignableFrom(b.getReturnType()) ? b : a));
        return new ArrayList<>(bySignature.values());
    }

    /**
     * Asserts that a wrapper built by {@code wrap} forwards every method of {@code iface} except
     * {@code skippedSignatures} unchanged, both the result and a thrown {@link SQLException}.
     *
     * @param iface the JDBC interface the wrapper implements
     * @param wrap builds the wrapper around a delegate
     * @param skippedSignatures methods the wrapper does not simply forward; each must exist in
     *     {@code iface}
     * @param <T> the interface type
     */
    public static <T> void assertDelegates(Class<T> iface, Function<T, ? extends T> wrap,
            Set<String> skippedSignatures) {
        Set<String> known = publicMethods(iface).stream().map(RecordingDelegate::signature)
                .collect(Collectors.toSet());
        assertThat(known).as("skipped signatures must be methods of %s", iface.getName())
                .containsAll(skippedSignatures);

        List<Call> calls = new ArrayList<>();
        T delegate = create(iface, calls);
        assertForwards(wrap.apply(delegate), iface, skippedSignatures, calls);

        List<Call> failingCalls = new ArrayList<>();
        T failing = createFailing(iface, failingCalls);
        assertRethrowsSameException(wrap.apply(failing), iface, skippedSignatures, failingCalls);
    }

    /**
     * Asserts that {@code wrapper} forwards each method of {@code iface} not in
     * {@code skippedSignatures} to a delegate made by {@link #create} that records into
     * {@code calls}: the same method with identical arguments, exactly once, and the delegate's
     * result returned unchanged. Each method is called twice with different arguments.
     *
     * @param wrapper the wrapper under test
     * @param iface the JDBC interface to exercise
     * @param skippedSignatures methods not to call
     * @param calls the list the wrapper's recording delegate appends to
     */
    public static void assertForwards(Object wrapper, Class<?> iface, Set<String> skippedSignatures,
            List<Call> calls) {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Method method : publicMethods(iface)) {
            if (skippedSignatures.contains(signature(method))) {
                continue;
            }
            checked++;
            for (int round = 0; round < 2; round++) {
                String problem = forwardingProblem(wrapper, method, calls);
                if (problem != null) {
                    problems.add(signature(method) + ": " + problem);
                    break;
                }
            }
        }
        assertThat(checked).as("methods checked on %s", iface.getName()).isPositive();
        assertThat(problems).as("methods of %s not forwarded unchanged by %s", iface.getName(),
                wrapper.getClass().getName()).isEmpty();
    }

    private static String forwardingProblem(Object wrapper, Method method, List<Call> calls) {
        calls.clear();
        Object[] args = sampleArguments(method);
        Object result;
        try {
            result = method.invoke(wrapper, args);
        } catch (InvocationTargetException e) {
            return "threw " + describe(e.getCause());
        } catch (IllegalAccessException e) {
            return "not accessible: " + e.getMessage();
        }
        if (calls.size() != 1) {
            return "expected exactly this call at the delegate but got " + calls;
        }
        Call call = calls.get(0);
        if (!call.signature().equals(signature(method))) {
            return "the delegate received " + call.signature() + " instead";
        }
        for (int i = 0; i < args.length; i++) {
            boolean same = method.getParameterTypes()[i].isPrimitive()
                    ? args[i].equals(call.args()[i]) : args[i] == call.args()[i];
            if (!same) {
                return "argument " + i + " arrived as " + describe(call.args()[i]) + " instead of "
                        + describe(args[i]);
            }
        }
        Class<?> returnType = method.getReturnType();
        if (returnType != void.class) {
            boolean same = returnType.isPrimitive()
                    ? call.outcome().equals(result) : call.outcome() == result;
            if (!same) {
                return "returned " + describe(result) + " instead of the delegate's "
                        + describe(call.outcome());
            }
        }
        return null;
    }

    /**
     * Asserts that {@code wrapper} lets the very {@link SQLException} instance thrown by a
     * delegate made by {@link #createFailing} reach the caller, for each method of {@code iface}
     * not in {@code skippedSignatures} that declares one.
     *
     * @param wrapper the wrapper under test, around a failing delegate
     * @param iface the JDBC interface to exercise
     * @param skippedSignatures methods not to call
     * @param calls the list the wrapper's failing delegate appends to
     */
    public static void assertRethrowsSameException(Object wrapper, Class<?> iface,
            Set<String> skippedSignatures, List<Call> calls) {
        List<String> problems = new ArrayList<>();
        for (Method method : publicMethods(iface)) {
            boolean skipped = skippedSignatures.contains(signature(method));
            if (skipped || declaredSqlException(method) == null) {
                continue;
            }
            calls.clear();
            Throwable thrown = null;
            try {
                method.invoke(wrapper, sampleArguments(method));
            } catch (InvocationTargetException e) {
                thrown = e.getCause();
            } catch (IllegalAccessException e) {
                thrown = e;
            }
            if (calls.size() != 1) {
                problems.add(signature(method)
                        + ": expected exactly this call at the delegate but got " + calls);
            } else if (thrown != calls.get(0).outcome()) {
                problems.add(signature(method) + ": threw " + describe(thrown)
                        + " instead of the delegate's " + describe(calls.get(0).outcome()));
            }
        }
        assertThat(problems)
                .as("methods of %s that do not rethrow the delegate's exception instance",
                        iface.getName())
                .isEmpty();
    }

    /** Values by identity, so that two equal-looking objects are told apart in messages. */
    private static String describe(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean
                || value instanceof String) {
            return String.valueOf(value);
        }
        if (Proxy.isProxyClass(value.getClass())) {
            return value.toString();
        }
        return value.getClass().getName() + "@"
                + Integer.toHexString(System.identityHashCode(value));
    }
}
