package dev.bodycheck.instrument;

import dev.bodycheck.runtime.Problems;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription.ForLoadedMethod;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * One piece of advice on the methods of one library type, or one {@link Call} of the runtime woven into one
 * method of a JDK type (with plain ASM, see {@link Call}; a library's hooks are all of one kind). The type may
 * have other names in other versions of the library ({@code okhttp3.RealCall} in 3.x,
 * {@code okhttp3.internal.connection.RealCall} later); the fields the advice reads are listed so that a library
 * of an unknown shape is detected before anything is woven into it.
 */
public final class Hook {
    private final String[] typeNames;
    private final ElementMatcher<? super MethodDescription> methods;
    private final String methodText;
    private final Class<?> adviceClass;
    private final String[] fields;
    /** Of a call hook: the method's name, the start of its descriptor, and the call; else null. */
    private final String methodName;
    private final String descriptorStart;
    private final Call call;
    private volatile Advice advice;

    private Hook(String[] typeNames, ElementMatcher<? super MethodDescription> methods, String methodText,
            Class<?> adviceClass, String[] fields, String methodName, String descriptorStart, Call call) {
        this.typeNames = typeNames;
        this.methods = methods;
        this.methodText = methodText;
        this.adviceClass = adviceClass;
        this.fields = fields;
        this.methodName = methodName;
        this.descriptorStart = descriptorStart;
        this.call = call;
    }

    /**
     * @param typeNames the type's names, one per library version line (at least one must exist)
     * @param methods the methods to advise (at least one must exist)
     * @param methodText the methods, as a person would name them, for messages
     * @param adviceClass a class with static {@code @Advice.OnMethodEnter/Exit} methods
     * @param fields the fields of the type the advice reads with {@code @Advice.FieldValue}
     */
    public static Hook of(String[] typeNames, ElementMatcher<? super MethodDescription> methods, String methodText,
            Class<?> adviceClass, String... fields) {
        return new Hook(typeNames, methods, methodText, adviceClass, fields, null, null, null);
    }

    /**
     * A call of the runtime woven into a JDK class with plain ASM ({@link Call}).
     *
     * @param typeName the JDK type
     * @param methodName the hooked methods' name ({@code <init>} for constructors)
     * @param descriptorStart how their descriptors start: the whole descriptor, or the first parameters'
     *        ({@code (Lsun/net/www/protocol/http/HttpURLConnection;Ljava/io/InputStream;}: every constructor with
     *        those first parameters); at least one such method must exist
     * @param methodText the methods, as a person would name them, for messages
     */
    public static Hook call(String typeName, String methodName, String descriptorStart, String methodText, Call call) {
        return new Hook(new String[] {typeName}, null, methodText, null, call.fields(), methodName, descriptorStart,
                call);
    }

    public static String[] types(String... names) {
        return names;
    }

    String[] typeNames() {
        return typeNames;
    }

    public boolean appliesTo(String typeName) {
        for (String n : typeNames) {
            if (n.equals(typeName)) {
                return true;
            }
        }
        return false;
    }

    /** The call this hook weaves with plain ASM; null for advice. */
    public Call call() {
        return call;
    }

    /** Whether a call hook goes into the method {@code name} with the descriptor {@code descriptor}. */
    public boolean callsIn(String name, String descriptor) {
        return call != null && methodName.equals(name) && descriptor.startsWith(descriptorStart);
    }

    /** The hooked methods, as a person would name them, for messages. */
    public String methodText() {
        return methodText;
    }

    /** The fields of the type the hook reads. */
    public String[] fields() {
        return fields.clone();
    }

    ElementMatcher<? super MethodDescription> methods() {
        return methods;
    }

    Advice advice() {
        Advice a = advice;
        if (a == null) {
            a = Advice.to(adviceClass).withExceptionHandler(CountedErrors.HANDLER);
            advice = a;
        }
        return a;
    }

    /**
     * Where an exception that advice suppressed goes: {@code Problems.internalError}, which counts it
     * ({@code InternalErrors}) and prints the first one; the handler is a call of that runtime method, left
     * in the woven method with the exception on the stack. A holder of its own: only weaving loads it, so
     * the command line, which never has the runtime, can list the hooks.
     */
    private static final class CountedErrors {
        static final Advice.ExceptionHandler HANDLER;

        static {
            try {
                HANDLER = new Advice.ExceptionHandler.Simple(MethodInvocation.invoke(
                        new ForLoadedMethod(Problems.class.getMethod("internalError", Throwable.class))));
            } catch (NoSuchMethodException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    /** The fail-fast check, which throws on purpose: woven only with {@code failFast=true}. */
    boolean isFailFast() {
        return call != null ? call.isFailFast() : adviceClass == Ends.FailFast.class;
    }

    /** Null if the library seen through {@code pool} has this hook's shape, else what is missing. */
    String checkShape(TypePool pool) {
        TypeDescription type = null;
        for (String name : typeNames) {
            TypePool.Resolution r = pool.describe(name);
            if (r.isResolved()) {
                type = r.resolve();
                break;
            }
        }
        if (type == null) {
            return "no class " + String.join(" or ", typeNames);
        }
        if (call != null ? !declaresCalled(type) : type.getDeclaredMethods().filter(methods).isEmpty()) {
            return type.getName() + " has no method " + methodText;
        }
        for (String field : fields) {
            if (!declaresField(type, field)) {
                return type.getName() + " has no field '" + field + "'";
            }
        }
        return null;
    }

    private boolean declaresCalled(TypeDescription type) {
        for (MethodDescription m : type.getDeclaredMethods()) {
            if (callsIn(m.getInternalName(), m.getDescriptor())) {
                return true;
            }
        }
        return false;
    }

    private static boolean declaresField(TypeDescription type, String name) {
        for (FieldDescription f : type.getDeclaredFields()) {
            if (f.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
