package dev.jdbcmetrics.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shape of the delegation layer: every interface method has a body (or an abstract
 * declaration) in a {@code Delegating*} class or the statement metering spliced into their
 * chain, so no interface default is silently inherited; the wrapper identity methods cannot be
 * overridden; and the wrappers users get are final.
 */
class DelegatingHierarchyTest {

    private static final Map<Class<?>, Class<?>> INTERFACE_BY_CLASS = Map.of(
            DelegatingConnection.class, Connection.class,
            DelegatingStatement.class, Statement.class,
            DelegatingPreparedStatement.class, PreparedStatement.class,
            DelegatingCallableStatement.class, CallableStatement.class,
            DelegatingResultSet.class, ResultSet.class,
            DelegatingDatabaseMetaData.class, DatabaseMetaData.class);

    @Test
    void everyInterfaceMethodIsDeclaredByTheDelegatingClasses() throws Exception {
        List<String> inherited = new ArrayList<>();
        for (Map.Entry<Class<?>, Class<?>> entry : INTERFACE_BY_CLASS.entrySet()) {
            Class<?> type = entry.getKey();
            for (Method method : RecordingDelegate.publicMethods(entry.getValue())) {
                Class<?> owner = type.getMethod(method.getName(), method.getParameterTypes())
                        .getDeclaringClass();
                if (!INTERFACE_BY_CLASS.containsKey(owner) && owner != AbstractMeteredStatement.class
                        && owner != AbstractMeteredPreparedStatement.class) {
                    inherited.add(type.getSimpleName() + " inherits "
                            + RecordingDelegate.signature(method) + " from " + owner.getName());
                }
            }
        }
        assertThat(inherited).isEmpty();
    }

    @Test
    void unwrapIsWrapperForAndToStringAreFinal() throws Exception {
        for (Class<?> type : INTERFACE_BY_CLASS.keySet()) {
            assertThat(type.getMethod("unwrap", Class.class).getModifiers())
                    .as("%s.unwrap", type.getSimpleName()).matches(Modifier::isFinal);
            assertThat(type.getMethod("isWrapperFor", Class.class).getModifiers())
                    .as("%s.isWrapperFor", type.getSimpleName()).matches(Modifier::isFinal);
            assertThat(type.getMethod("toString").getModifiers())
                    .as("%s.toString", type.getSimpleName()).matches(Modifier::isFinal);
        }
    }

    @Test
    void classesAreAbstractWithAProtectedConstructorAndDelegate() {
        for (Class<?> type : INTERFACE_BY_CLASS.keySet()) {
            assertThat(type.getModifiers()).as("%s modifiers", type.getSimpleName())
                    .matches(Modifier::isPublic)
                    .matches(Modifier::isAbstract);
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                assertThat(constructor.getModifiers()).as("%s constructor", type.getSimpleName())
                        .matches(m -> !Modifier.isPublic(m));
            }
        }
        for (Class<?> type : List.of(DelegatingConnection.class, DelegatingStatement.class,
                DelegatingResultSet.class, DelegatingDatabaseMetaData.class)) {
            Field delegate = declaredField(type, "delegate");
            assertThat(delegate.getModifiers()).as("%s.delegate", type.getSimpleName())
                    .matches(Modifier::isProtected)
                    .matches(Modifier::isFinal);
        }
    }

    @Test
    void statementKindsShareOneTypedDelegateFieldAndOneCopyOfTheMetering() {
        assertThat(AbstractMeteredStatement.class.getSuperclass()).isEqualTo(DelegatingStatement.class);
        assertThat(DelegatingPreparedStatement.class.getSuperclass()).isEqualTo(AbstractMeteredStatement.class);
        assertThat(AbstractMeteredPreparedStatement.class.getSuperclass())
                .isEqualTo(DelegatingPreparedStatement.class);
        assertThat(DelegatingCallableStatement.class.getSuperclass())
                .isEqualTo(AbstractMeteredPreparedStatement.class);
        assertThat(DelegatingPreparedStatement.class.getDeclaredFields()).isEmpty();
        assertThat(DelegatingCallableStatement.class.getDeclaredFields()).isEmpty();
    }

    @Test
    void theWrappersUsersGetAreFinal() {
        for (Class<?> type : List.of(MeteredConnection.class, MeteredStatement.class, MeteredPreparedStatement.class,
                MeteredCallableStatement.class, MeteredResultSet.class, MeteredDatabaseMetaData.class)) {
            assertThat(type.getModifiers()).as("%s modifiers", type.getSimpleName()).matches(Modifier::isFinal);
        }
    }

    private static Field declaredField(Class<?> type, String name) {
        try {
            return type.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new AssertionError(type.getSimpleName() + " has no field " + name, e);
        }
    }
}
