package retrofit2.app;

/** An application class whose package begins with a framework's prefix on the built-in list. */
public final class Orders {
    private Orders() {
    }
}
