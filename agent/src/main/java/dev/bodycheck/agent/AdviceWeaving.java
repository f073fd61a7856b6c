package dev.bodycheck.agent;

import dev.bodycheck.instrument.Library;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeInitializer;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.auxiliary.AuxiliaryType;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * A library class woven with Byte Buddy's advice. It does what Byte Buddy's {@code AgentBuilder} does for a
 * decoration (advice visitors on the class's own bytes, no class-format change) without
 * the builder's machinery of matchers, strategies and listeners, which cost hundreds of milliseconds of
 * class loading at the first library class. The one member it may add is a body class's record field, at the
 * class's load ({@link RecordField}).
 */
final class AdviceWeaving {
    private AdviceWeaving() {
    }

    /**
     * The woven bytes of {@code typeName}, or null if nothing is to be woven into it (see {@link Library#visitorFor});
     * with {@code recordField}, the class also holds its record ({@link RecordField}).
     */
    static byte[] weave(Library library, String typeName, ClassLoader loader, byte[] bytes, boolean failFast,
            boolean recordField) {
        AsmVisitorWrapper wrapper = library.visitorFor(typeName, loader, failFast);
        return wrapper == null ? null : weave(typeName, loader, bytes, wrapper, recordField);
    }

    /**
     * The class's bytes read once and written with the advice visitors in between; methods without advice
     * are copied as they are. The type is described from these bytes (the loader's other classes as the
     * advice needs them), the way a decorating {@code AgentBuilder} describes it.
     */
    private static byte[] weave(String typeName, ClassLoader loader, byte[] bytes, AsmVisitorWrapper wrapper,
            boolean recordField) {
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(typeName, bytes),
                loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader));
        TypePool pool = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), locator,
                TypePool.Default.ReaderMode.FAST);
        TypeDescription type = pool.describe(typeName).resolve();
        int writerFlags = wrapper.mergeWriter(AsmVisitorWrapper.NO_FLAGS);
        int readerFlags = wrapper.mergeReader(AsmVisitorWrapper.NO_FLAGS);
        ClassReader reader = OpenedClassReader.of(bytes);
        ClassWriter writer = new ClassWriter(reader, writerFlags);
        ClassFileVersion version = ClassFileVersion.ofMinorMajor(reader.readInt(4));
        Implementation.Context.FrameGeneration frames = (writerFlags & ClassWriter.COMPUTE_FRAMES) == 0
                && version.isAtLeast(ClassFileVersion.JAVA_V6)
                        ? ((readerFlags & ClassReader.EXPAND_FRAMES) == 0 ? Implementation.Context.FrameGeneration.GENERATE
                                : Implementation.Context.FrameGeneration.EXPAND)
                        : Implementation.Context.FrameGeneration.DISABLED;
        Implementation.Context context = Implementation.Context.Disabled.Factory.INSTANCE.make(type,
                new AuxiliaryType.NamingStrategy.Suffixing("bodycheck"), TypeInitializer.None.INSTANCE, version, version, frames);
        reader.accept(wrapper.wrap(type, recordField ? new RecordField(writer) : writer, context, pool, type.getDeclaredFields(), methods(type), writerFlags,
                readerFlags), readerFlags);
        return writer.toByteArray();
    }

    /**
     * The methods advice may go on, as a decorating builder lists them: the declared ones but the synthetic
     * (bridge) virtual methods, plus the type initializer.
     */
    private static MethodList<MethodDescription> methods(TypeDescription type) {
        java.util.List<MethodDescription> list = new java.util.ArrayList<>();
        for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
            if (!m.isVirtual() || !m.isSynthetic()) {
                list.add(m);
            }
        }
        list.add(new MethodDescription.Latent.TypeInitializer(type));
        return new MethodList.Explicit<>(list);
    }
}
