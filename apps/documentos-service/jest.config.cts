module.exports = {
  displayName: 'documentos-service',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/documentos-service',
};
