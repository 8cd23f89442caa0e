/**
 * The page's CSP allows `<style>` elements only with the nonce the server wrote into the page
 * (decision 051). Ant Design passes it to the styles it inserts (ConfigProvider `csp`), but a
 * few helpers underneath do not (rc-util's scrollbar measurement and scroll lock). This gives
 * every `<style>` element a script of this page inserts the nonce, before it is inserted.
 * Markup never becomes a style this way: React inserts no HTML, and the policy still refuses
 * styles in markup and any script but the page's own files.
 */

/** The nonce the server wrote into `<meta property="csp-nonce">`; undefined without a server (vite dev). */
export function pageNonce(): string | undefined {
  const meta = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]');
  const nonce = meta?.nonce || meta?.getAttribute('nonce') || '';
  return nonce && !nonce.startsWith('__') ? nonce : undefined;
}

export function lendNonceToStyles(nonce: string | undefined): void {
  if (!nonce) return;
  const withNonce = <T extends Node>(node: T): T => {
    if (node instanceof HTMLStyleElement && !node.nonce) node.nonce = nonce;
    return node;
  };
  const append = Node.prototype.appendChild;
  const insertBefore = Node.prototype.insertBefore;
  Node.prototype.appendChild = function appendChild<T extends Node>(this: Node, node: T): T {
    return append.call(this, withNonce(node)) as T;
  };
  Node.prototype.insertBefore = function insertBeforeWithNonce<T extends Node>(this: Node, node: T, child: Node | null): T {
    return insertBefore.call(this, withNonce(node), child) as T;
  };
}
