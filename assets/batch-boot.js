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
// Loads it and starts the batch's workers before the files come (pool.rs `prepare`): the reviewer is choosing a
// folder, or the page is walking a dropped one or taking a zip apart.
self.zichaPrepareBatch = () => self.zichaLoadBatch().then(() => self.zichaBatch.prepare(), () => {});
