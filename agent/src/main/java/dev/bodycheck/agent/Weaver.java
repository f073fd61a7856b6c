package dev.bodycheck.agent;

import dev.bodycheck.instrument.Library;
import dev.bodycheck.runtime.Problems;
import dev.bodycheck.runtime.Tracker;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Weaves the hooks into the classes named by the enabled libraries, and nothing else: a class whose name
 * is not one of theirs is handed back untouched after one map lookup. It does what Byte Buddy's
 * {@code AgentBuilder} does for a decoration (advice visitors on the class's own bytes, no member added, no
 * class-format change) without the builder's machinery of matchers, strategies and listeners, which cost
 * hundreds of milliseconds of class loading at the first library class.
 */
final class Weaver implements ClassFileTransformer {
    private final Instrumentation inst;
    private final boolean failFast;
    /** Internal name of each hooked type to its library. */
    private final Map<String, Library> byInternalName = new HashMap<>();
    private final ThreadLocal<Boolean> weaving = new ThreadLocal<>();

    Weaver(Instrumentation inst, List<Library> enabled, boolean failFast) {
        this.inst = inst;
        this.failFast = failFast;
        for (Library l : enabled) {
            for (String name : l.typeNames()) {
                byInternalName.put(name.replace('.', '/'), l);
            }
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] bytes) {
        Library library = internalName == null ? null : byInternalName.get(internalName);
        if (library == null || weaving.get() != null) {
            return null; // not ours, or a class loaded while weaving one on this thread
        }
        weaving.set(Boolean.TRUE);
        String typeName = internalName.replace('/', '.');
        try {
            AsmVisitorWrapper wrapper = library.visitorFor(typeName, loader, failFast);
            if (wrapper == null) {
                return null;
            }
            byte[] woven = weave(typeName, loader, bytes, wrapper);
            if (module != null && module.isNamed() && !module.canRead(Tracker.class.getModule())) {
                // advice inlined into the JDK's named modules calls the tracker in the bootstrap unnamed module
                inst.redefineModule(module, Collections.singleton(Tracker.class.getModule()),
                        Collections.emptyMap(), Collections.emptyMap(), Collections.emptySet(), Collections.emptyMap());
            }
            return woven;
        } catch (Throwable t) {
            Problems.line("bodycheck: could not instrument " + typeName + " (" + t
                    + "); bodies of that library may not be tracked");
            return null;
        } finally {
            weaving.remove();
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] bytes) {
        return transform(null, loader, internalName, classBeingRedefined, protectionDomain, bytes);
    }

    /**
     * The class's bytes read once and written with the advice visitors in between; methods without advice
     * are copied as they are. The type is described from these bytes (the loader's other classes as the
     * advice needs them), the way a decorating {@code AgentBuilder} describes it.
     */
    private static byte[] weave(String typeName, ClassLoader loader, byte[] bytes, AsmVisitorWrapper wrapper) {
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
        reader.accept(wrapper.wrap(type, writer, context, pool, type.getDeclaredFields(), methods(type), writerFlags,
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
