package dev.kite.tasks.java;

/**
 * Calls one {@code @KiteTask} method on its bean. Implementations are generated at build time
 * (one class per method), so that no reflection is needed at run time.
 */
public interface FunctionInvoker {

    /**
     * Looks up the bean and calls the method with {@code arguments}, already converted to the
     * parameter types; primitives come boxed, and so does a primitive return value. Returns null
     * for a {@code void} method. Whatever the method throws is thrown as is.
     */
    Object invoke(Object[] arguments) throws Exception;
}
