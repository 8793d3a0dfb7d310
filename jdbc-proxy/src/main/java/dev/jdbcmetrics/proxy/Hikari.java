package dev.jdbcmetrics.proxy;

/** Whether HikariCP is on the class path: it is an optional dependency of this module. */
final class Hikari {

    static final boolean PRESENT = isPresent();

    private Hikari() {
    }

    private static boolean isPresent() {
        try {
            Class.forName("com.zaxxer.hikari.HikariDataSource", false, Hikari.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
