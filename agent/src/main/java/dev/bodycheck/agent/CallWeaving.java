package dev.bodycheck.agent;

import dev.bodycheck.instrument.Call;
import dev.bodycheck.instrument.Hook;
import dev.bodycheck.instrument.Library;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * A JDK class woven with plain ASM: the {@link Call}s of its library's hooks are inserted as straight-line code at
 * the entry of their methods or before each of their returns, with no new stack map frame (the values the calls
 * take are on the stack only between two instructions of the class's own). No Byte Buddy is loaded: its set-up,
 * advice parsing and type pool would cost the first request of every first run hundreds of milliseconds of CPU,
 * and the JDK's classes, each JDK build's, cannot be shipped woven. The library's shape is checked on the bytes
 * being woven: a class that lacks a hooked method or a field a call reads is left as it is, said once.
 */
final class CallWeaving {
    private CallWeaving() {
    }

    /**
     * The woven bytes of {@code typeName}, or null if nothing is to be woven into it: the class lacks what a hook
     * needs, or has no hook ({@code failFast} off and only the fail-fast check). With {@code recordField}, the class
     * also holds its record ({@link RecordField}).
     */
    static byte[] weave(Library library, String typeName, ClassLoader loader, byte[] bytes, boolean failFast,
            boolean recordField) {
        ClassReader reader = new ClassReader(bytes);
        Shape shape = new Shape();
        reader.accept(shape, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        if (!library.fits(loader, shape.misfit(library.callsFor(typeName, true)))) {
            return null;
        }
        List<Hook> calls = library.callsFor(typeName, failFast);
        if (calls.isEmpty()) {
            return null;
        }
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new Inserting(recordField ? new RecordField(writer) : writer, shape, calls), 0);
        return writer.toByteArray();
    }

    /** The methods (name and descriptor) and fields (name to descriptor) the class declares. */
    private static final class Shape extends ClassVisitor {
        final List<String[]> methods = new ArrayList<>();
        final Map<String, String> fields = new HashMap<>();
        String internalName;

        Shape() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
            internalName = name;
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            fields.put(name, descriptor);
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            methods.add(new String[] {name, descriptor});
            return null;
        }

        /** What the class lacks of the hooks {@code calls}: null if nothing. */
        String misfit(List<Hook> calls) {
            String type = internalName.replace('/', '.');
            for (Hook h : calls) {
                boolean found = false;
                for (String[] m : methods) {
                    found |= h.callsIn(m[0], m[1]);
                }
                if (!found) {
                    return type + " has no method " + h.methodText();
                }
                for (String field : h.fields()) {
                    if (!fields.containsKey(field)) {
                        return type + " has no field '" + field + "'";
                    }
                }
            }
            return null;
        }
    }

    /** Copies the class, inserting the calls into their methods. */
    private static final class Inserting extends ClassVisitor {
        private final Shape shape;
        private final List<Hook> calls;

        Inserting(ClassVisitor next, Shape shape, List<Hook> calls) {
            super(Opcodes.ASM9, next);
            this.shape = shape;
            this.calls = calls;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            List<Call> here = new ArrayList<>();
            for (Hook h : calls) {
                if (h.callsIn(name, descriptor)) {
                    here.add(h.call());
                }
            }
            return here.isEmpty() || mv == null ? mv
                    : new Calls(mv, shape, (access & Opcodes.ACC_STATIC) != 0, descriptor, here);
        }
    }

    /** One method with its calls inserted. */
    private static final class Calls extends MethodVisitor {
        private final Shape shape;
        private final boolean isStatic;
        private final String descriptor;
        private final List<Call> calls;

        Calls(MethodVisitor next, Shape shape, boolean isStatic, String descriptor, List<Call> calls) {
            super(Opcodes.ASM9, next);
            this.shape = shape;
            this.isStatic = isStatic;
            this.descriptor = descriptor;
            this.calls = calls;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            for (Call c : calls) {
                if (c.atEntry()) {
                    insert(c, Opcodes.RETURN);
                }
            }
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                for (Call c : calls) {
                    if (!c.atEntry()) {
                        insert(c, opcode);
                    }
                }
            }
            super.visitInsn(opcode);
        }

        /** The call, before the instruction {@code returning} (at entry: {@code RETURN}, nothing returned). */
        private void insert(Call call, int returning) {
            Method target = target(call);
            String[] operands = call.operands();
            boolean replaces = target.getReturnType() != void.class;
            for (int i = 0; i < operands.length; i++) {
                String o = operands[i];
                if (o.equals(Call.RETURNED)) {
                    if (i != 0 || returning == Opcodes.RETURN) {
                        throw new IllegalArgumentException(call.name() + ": the returned value comes first, of a value");
                    }
                    if (!replaces) {
                        super.visitInsn(returning == Opcodes.LRETURN || returning == Opcodes.DRETURN ? Opcodes.DUP2
                                : Opcodes.DUP);
                    }
                } else if (o.equals(Call.THIS)) {
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                } else if (o.startsWith("field ")) {
                    String field = o.substring("field ".length());
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    super.visitFieldInsn(Opcodes.GETFIELD, shape.internalName, field, shape.fields.get(field));
                } else {
                    int index = Integer.parseInt(o.substring("arg".length()));
                    Type[] arguments = Type.getArgumentTypes(descriptor);
                    int slot = isStatic ? 0 : 1;
                    for (int a = 0; a < index; a++) {
                        slot += arguments[a].getSize();
                    }
                    super.visitVarInsn(arguments[index].getOpcode(Opcodes.ILOAD), slot);
                }
            }
            super.visitMethodInsn(Opcodes.INVOKESTATIC, Type.getInternalName(call.owner()), call.name(),
                    Type.getMethodDescriptor(target), false);
            if (replaces) {
                if (!operands[0].equals(Call.RETURNED)) {
                    throw new IllegalArgumentException(call.name() + " returns a value: it must replace the returned one");
                }
                Type returned = Type.getReturnType(descriptor);
                if (returned.getSort() == Type.OBJECT || returned.getSort() == Type.ARRAY) {
                    super.visitTypeInsn(Opcodes.CHECKCAST, returned.getInternalName());
                }
            }
        }
    }

    /** The public static method of the runtime that {@code call} calls: the one of its name. */
    private static Method target(Call call) {
        Method found = null;
        for (Method m : call.owner().getMethods()) {
            if (m.getName().equals(call.name()) && Modifier.isStatic(m.getModifiers())) {
                if (found != null) {
                    throw new IllegalArgumentException(call.owner().getName() + "." + call.name() + " is overloaded");
                }
                found = m;
            }
        }
        if (found == null || found.getParameterCount() != call.operands().length) {
            throw new IllegalArgumentException("no " + call.owner().getName() + "." + call.name() + " of "
                    + call.operands().length + " parameters");
        }
        return found;
    }
}
