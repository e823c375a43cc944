// Loads the batch review's module into the page, once, when a folder or zip is first opened: batch.js (built
// by Trunk with the workers' no-modules glue) defines `wasm_bindgen`, whose start mounts the batch view into
// #batch-root and sets window.zichaBatch. The page a filer opens never loads it.
let batchLoading;
self.zichaLoadBatch = () => {
  batchLoading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = './batch.js';
    script.onload = () => wasm_bindgen({ module_or_path: './batch_bg.wasm' }).then(resolve, reject);
    script.onerror = reject;
    document.head.append(script);
  });
  return batchLoading;
};
