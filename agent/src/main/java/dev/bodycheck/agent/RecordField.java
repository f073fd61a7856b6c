package dev.bodycheck.agent;

import dev.bodycheck.runtime.BodyRef;
import dev.bodycheck.runtime.HasBodyRef;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Makes a body class (or an alias's) hold its record: it implements {@link HasBodyRef} over one added field, so
 * that the tracker needs no identity lookup for its objects. Only for a class woven before it is loaded: a
 * retransformation may add no member, and may take none away from a class that has them.
 */
final class RecordField extends ClassVisitor {
    static final String FIELD = "bodycheck$ref";
    private static final String INTERFACE = Type.getInternalName(HasBodyRef.class);
    private static final String RECORD = Type.getDescriptor(BodyRef.class);

    private String owner;

    RecordField(ClassVisitor next) {
        super(Opcodes.ASM9, next);
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName,
            String[] interfaces) {
        owner = name;
        String[] with = new String[interfaces == null ? 1 : interfaces.length + 1];
        if (interfaces != null) {
            System.arraycopy(interfaces, 0, with, 0, interfaces.length);
        }
        with[with.length - 1] = INTERFACE;
        super.visit(version, access, name, signature, superName, with);
    }

    @Override
    public void visitEnd() {
        // volatile: a body opened on one thread may be ended on another
        super.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_TRANSIENT | Opcodes.ACC_VOLATILE | Opcodes.ACC_SYNTHETIC,
                FIELD, RECORD, null, null).visitEnd();
        MethodVisitor get = super.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, FIELD, "()" + RECORD, null,
                null);
        get.visitCode();
        get.visitVarInsn(Opcodes.ALOAD, 0);
        get.visitFieldInsn(Opcodes.GETFIELD, owner, FIELD, RECORD);
        get.visitInsn(Opcodes.ARETURN);
        get.visitMaxs(1, 1);
        get.visitEnd();
        MethodVisitor set = super.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, FIELD, "(" + RECORD + ")V",
                null, null);
        set.visitCode();
        set.visitVarInsn(Opcodes.ALOAD, 0);
        set.visitVarInsn(Opcodes.ALOAD, 1);
        set.visitFieldInsn(Opcodes.PUTFIELD, owner, FIELD, RECORD);
        set.visitInsn(Opcodes.RETURN);
        set.visitMaxs(2, 2);
        set.visitEnd();
        super.visitEnd();
    }
}
